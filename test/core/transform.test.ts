import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserCodeError } from '../../src/core/errors';
import { transformTypeScript } from '../../src/core/ts-loader/transform';
import { TransformCache } from '../../src/core/ts-loader/transform-cache';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-transform-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs CommonJS code and returns its exports. */
function run(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the transformed code, which is what is tested
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

function syntaxError(source: string, file: string): UserCodeError {
  try {
    transformTypeScript(source, file);
  } catch (error) {
    return error as UserCodeError;
  }
  throw new Error('no syntax error');
}

const cacheFiles = (cacheDir: string) => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);

describe('transformTypeScript', () => {
  test('compiles TypeScript to CommonJS', () => {
    const source = [
      'enum Color { Red = 1, Green }',
      'interface Point { x: number; y: number }',
      'export const origin: Point = { x: 0, y: 0 };',
      'export function twice<T>(value: T): T[] { return [value, value]; }',
      'export default Color.Green;',
    ].join('\n');
    const exported = run(transformTypeScript(source, path.join(dir, 'mod.ts')));
    expect(exported.origin).toEqual({ x: 0, y: 0 });
    expect((exported.twice as (v: string) => string[])('a')).toEqual(['a', 'a']);
    expect(exported.default).toBe(2);
  });

  test('embeds an inline source map naming the .ts file', () => {
    const file = path.join(dir, 'mapped.ts');
    const code = transformTypeScript('const a: number = 1;\nexport { a };\n', file);
    const match = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(code);
    expect(match).not.toBeNull();
    const map = JSON.parse(Buffer.from(match![1], 'base64').toString('utf8')) as { sources: string[] };
    expect(map.sources).toEqual([file]);
  });

  test('.tsx files understand JSX; .ts files do not', () => {
    const source = 'declare const React: any;\nexport const el = <b>hi</b>;\n';
    expect(transformTypeScript(source, path.join(dir, 'view.tsx'))).toContain('React.createElement("b"');
    expect(() => transformTypeScript(source, path.join(dir, 'view.ts'))).toThrow(UserCodeError);
  });

  test('a syntax error is `file:line:col: SyntaxError: ...` with a 1-based column', () => {
    const file = path.join(dir, 'broken.ts');
    const error = syntaxError('const ok = 1;\nconst x = ;\n', file);
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.code).toBe('HYPER_SYNTAX_ERROR');
    // `;` is the 11th character of line 2.
    expect(error.message).toBe(`${file}:2:11: SyntaxError: Unexpected ";"`);
    expect(error.location).toEqual({ file, line: 2, column: 11 });
  });

  test('an error in the first column is column 1', () => {
    const file = path.join(dir, 'first-column.ts');
    expect(syntaxError('let a = 1;\n\n)\n', file).message).toMatch(new RegExp(`^${escape(file)}:3:1: SyntaxError: `));
  });

  test('the message shows the path relative to the working folder when inside it', () => {
    const file = path.join(process.cwd(), 'some-project', 'settings.ts');
    expect(syntaxError('export default {', file).message).toMatch(
      new RegExp(`^${escape(path.join('some-project', 'settings.ts'))}:1:17: SyntaxError: `),
    );
  });
});

describe('transformTypeScript with a TransformCache', () => {
  test('a second transform of the same content is served from the cache without compiling', () => {
    const cacheDir = path.join(dir, 'cache-hit');
    const cache = new TransformCache(cacheDir);
    const file = path.join(dir, 'cached.ts');
    const source = 'export const answer: number = 42;\n';

    const first = transformTypeScript(source, file, cache);
    expect(run(first).answer).toBe(42);
    const entries = cacheFiles(cacheDir);
    expect(entries).toHaveLength(1);
    expect(fs.readFileSync(path.join(cacheDir, entries[0]), 'utf8')).toBe(first);

    // Replace the entry with code esbuild could never produce from `source`: if it
    // comes back, the compiler was not run.
    const planted = 'exports.answer = "from the cache";';
    fs.writeFileSync(path.join(cacheDir, entries[0]), planted);
    expect(transformTypeScript(source, file, cache)).toBe(planted);
    expect(transformTypeScript(source, file, new TransformCache(cacheDir))).toBe(planted);
  });

  test('a changed file, or the same text at another path, misses the cache', () => {
    const cacheDir = path.join(dir, 'cache-miss');
    const cache = new TransformCache(cacheDir);
    const file = path.join(dir, 'changing.ts');
    transformTypeScript('export const v: number = 1;\n', file, cache);
    for (const entry of cacheFiles(cacheDir)) fs.writeFileSync(path.join(cacheDir, entry), 'exports.v = "stale";');

    expect(run(transformTypeScript('export const v: number = 2;\n', file, cache)).v).toBe(2);
    expect(run(transformTypeScript('export const v: number = 1;\n', path.join(dir, 'moved.ts'), cache)).v).toBe(1);
    expect(cacheFiles(cacheDir)).toHaveLength(3);
  });

  test('a syntax error is not cached', () => {
    const cacheDir = path.join(dir, 'cache-error');
    const cache = new TransformCache(cacheDir);
    expect(() => transformTypeScript('const = ;', path.join(dir, 'bad.ts'), cache)).toThrow(UserCodeError);
    expect(cacheFiles(cacheDir)).toEqual([]);
  });

  test('a cache that cannot be written only costs speed', () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const cache = new TransformCache(path.join(blocker, 'cache'));
    const code = transformTypeScript('export const ok: boolean = true;\n', path.join(dir, 'ro.ts'), cache);
    expect(run(code).ok).toBe(true);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
