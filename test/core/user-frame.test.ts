import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { frameworkRoot } from '../../src/core/framework-root';
import { userFrame } from '../../src/core/user-frame';

function withStack(...frames: string[]): Error {
  const error = new Error('boom');
  error.stack = ['Error: boom', ...frames.map((frame) => `    at ${frame}`)].join('\n');
  return error;
}

const root = frameworkRoot();

describe('userFrame', () => {
  test('skips framework, node_modules and node internals to the first user frame', () => {
    const error = withStack(
      `read (${path.join(root, 'src', 'conf', 'env.ts')}:29:11)`,
      `Object.str (${path.join(root, 'dist', 'src', 'conf', 'env.js')}:45:12)`,
      `run (${path.join(root, 'commands', 'check.ts')}:3:3)`,
      `main (${path.join(root, 'bin', 'hyper.js')}:3:3)`,
      'parse (/project/node_modules/some-lib/index.js:10:5)',
      'node:internal/modules/cjs/loader:1554:14',
      'Module._compile (node:internal/modules/cjs/loader:1554:14)',
      'Object.<anonymous> (/project/settings.ts:4:10)',
      'Object.<anonymous> (/project/other.ts:9:1)',
    );
    expect(userFrame(error)).toEqual({ file: '/project/settings.ts', line: 4, column: 10 });
  });

  test('frames without parentheses and frames of constructors are read', () => {
    expect(userFrame(withStack('/project/a.ts:7:3'))).toEqual({ file: '/project/a.ts', line: 7, column: 3 });
    expect(userFrame(withStack('new Blog (/project/blog/models.ts:12:5)'))).toEqual({
      file: '/project/blog/models.ts',
      line: 12,
      column: 5,
    });
  });

  test('the innermost user frame wins: where the error was thrown, even in an imported helper', () => {
    const error = withStack('helper (/project/util.ts:2:9)', 'Object.<anonymous> (/project/settings.ts:5:1)');
    expect(userFrame(error)).toEqual({ file: '/project/util.ts', line: 2, column: 9 });
  });

  test('a file of the framework folder outside src/dist/commands/bin is user code (test projects, examples)', () => {
    const file = path.join(root, 'examples', 'site', 'settings.ts');
    expect(userFrame(withStack(`x (${file}:1:2)`))).toEqual({ file, line: 1, column: 2 });
  });

  test('no user frame, no stack, or not an Error: undefined', () => {
    expect(userFrame(withStack('node:internal/main:1:1', `x (${path.join(root, 'src', 'a.ts')}:1:1)`))).toBeUndefined();
    const noStack = new Error('x');
    noStack.stack = undefined;
    expect(userFrame(noStack)).toBeUndefined();
    expect(userFrame('a string')).toBeUndefined();
    expect(userFrame(undefined)).toBeUndefined();
  });

  test('finds the line of a real error raised in a user file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-user-frame-'));
    try {
      const file = path.join(dir, 'thrower.js');
      fs.writeFileSync(file, '// line 1\n\nexports.fail = () => {\n  throw new Error("x");\n};\n');
      const { fail } = require(file) as { fail: () => void };
      let caught: unknown;
      try {
        fail();
      } catch (error) {
        caught = error;
      }
      expect(userFrame(caught)).toEqual({ file, line: 4, column: 9 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
