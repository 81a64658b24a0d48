import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured, UserCodeError } from '../../src/core/errors';
import { asUserCodeError, loadUserModule } from '../../src/core/load-user-module';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-load-user-module-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function loadError(file: string): UserCodeError {
  try {
    loadUserModule(file);
  } catch (error) {
    return error as UserCodeError;
  }
  throw new Error(`${file} loaded without an error`);
}

describe('loadUserModule', () => {
  test("returns the module's exports", () => {
    const file = write('ok.ts', "interface Shape { n: number }\nexport const value: Shape = { n: 42 };\nexport default 'd';\n");
    expect(loadUserModule(file)).toMatchObject({ value: { n: 42 }, default: 'd' });
  });

  test('a runtime error becomes `file:line:col: Name: message` at the .ts line', () => {
    // Type-only lines first, so that compiled and source lines differ.
    const file = write(
      'runtime.ts',
      'type Id = number;\ninterface Row {\n  id: Id;\n}\nconst row: Row = { id: 1 };\nif (row.id) {\n  throw new RangeError(`row ${row.id} is out of range`);\n}\n',
    );
    const error = loadError(file);
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.code).toBe('HYPER_USER_CODE');
    expect(error.message).toBe(`${file}:7:9: RangeError: row 1 is out of range`);
    expect(error.location).toEqual({ file, line: 7, column: 9 });
    expect((error.cause as Error).name).toBe('RangeError');
  });

  test('an error raised by a call into another module names the line that threw it', () => {
    const helper = write('helper.ts', 'export function explode(): never {\n  throw new Error("from helper");\n}\n');
    const file = write('caller.ts', "import { explode } from './helper';\n\nexplode();\n");
    expect(loadError(file).message).toBe(`${helper}:2:9: Error: from helper`);
  });

  test('only the first line of a multi-line message is kept', () => {
    const file = write('multiline.ts', 'throw new TypeError("first line\\nsecond line");\n');
    const error = loadError(file);
    // The column comes from the test runner's source maps here; the CLI's are checked end to end.
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: TypeError: first line$`));
    expect((error.cause as Error).message).toBe('first line\nsecond line');
  });

  test('a thrown non-Error still yields a one-line message at the file', () => {
    const file = write('throws-string.ts', "throw 'plain string';\n");
    const error = loadError(file);
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.message).toBe(`${file}:1:1: Error: plain string`);
    expect(error.cause).toBe('plain string');
  });

  test("the framework's own errors pass through unchanged", () => {
    const errorsModule = path.resolve(__dirname, '../../src/core/errors');
    const file = write(
      'framework-error.ts',
      `import { ImproperlyConfigured } from ${JSON.stringify(errorsModule)};\nthrow new ImproperlyConfigured('SECRET_KEY is missing.');\n`,
    );
    const error = loadError(file);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect(error.message).toBe('SECRET_KEY is missing.');
  });

  test('a missing file is a UserCodeError too', () => {
    const error = loadError(path.join(dir, 'nope.ts'));
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.message).toContain('nope.ts');
  });
});

describe('asUserCodeError', () => {
  test('shows the path relative to the working folder when inside it', () => {
    const file = path.join(process.cwd(), 'project', 'settings.ts');
    const error = new Error('bad');
    error.stack = `Error: bad\n    at Object.<anonymous> (${file}:3:5)`;
    const converted = asUserCodeError(error, file) as UserCodeError;
    expect(converted.message).toBe(`${path.join('project', 'settings.ts')}:3:5: Error: bad`);
    expect(converted.location).toEqual({ file, line: 3, column: 5 });
  });
});
