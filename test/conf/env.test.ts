import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { loadUserModule } from '../../src/core/load-user-module';
import { env, useDotenv } from '../../src/conf/env';

// Names no real environment sets, removed again after each test.
const A = 'HYPER_ENV_TEST_A';
const B = 'HYPER_ENV_TEST_B';

afterEach(() => {
  delete process.env[A];
  delete process.env[B];
  useDotenv(new Map());
});

function failure(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('read without an error');
}

describe('env helpers', () => {
  test('str: the variable as is, else the fallback', () => {
    expect(env.str(A, 'fallback')).toBe('fallback');
    process.env[A] = ' spaced value ';
    expect(env.str(A, 'fallback')).toBe(' spaced value ');
    process.env[A] = '';
    expect(env.str(A, 'fallback')).toBe('');
  });

  test('bool: the usual spellings', () => {
    expect(env.bool(A, true)).toBe(true);
    for (const [raw, value] of [['1', true], ['on', true], ['YES', true], ['0', false], ['off', false], ['False', false]] as const) {
      process.env[A] = raw;
      expect(env.bool(A, !value)).toBe(value);
    }
  });

  test('int', () => {
    expect(env.int(A, 8000)).toBe(8000);
    process.env[A] = '9000';
    expect(env.int(A, 8000)).toBe(9000);
  });

  test('list: comma-separated or JSON', () => {
    expect(env.list(A, ['localhost'])).toEqual(['localhost']);
    process.env[A] = 'a.com, b.com';
    expect(env.list(A, [])).toEqual(['a.com', 'b.com']);
    process.env[A] = '["x,y"]';
    expect(env.list(A)).toEqual(['x,y']);
  });

  test('a fallback may be any value of the type, including falsy ones', () => {
    expect(env.bool(A, false)).toBe(false);
    expect(env.int(A, 0)).toBe(0);
    expect(env.str(A, '')).toBe('');
    expect(env.list(A, [])).toEqual([]);
  });

  test('the .env values given by useDotenv come after the process environment', () => {
    useDotenv(new Map([[A, 'from dotenv'], [B, 'true']]));
    expect(env.str(A, 'fallback')).toBe('from dotenv');
    expect(env.bool(B, false)).toBe(true);
    process.env[A] = 'from process';
    expect(env.str(A, 'fallback')).toBe('from process');
  });

  test('a missing variable without a default is an error saying how to set it', () => {
    const error = failure(() => env.str(A));
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect(error.message).toMatch(
      new RegExp(`^Environment variable ${A} is not set and has no default \\(.*env\\.test\\.ts:\\d+\\)\\. Set it in the environment or in \\.env\\.$`),
    );
    expect(() => env.bool(A)).toThrow(`Environment variable ${A} is not set`);
    expect(() => env.int(A)).toThrow(ImproperlyConfigured);
    expect(() => env.list(A)).toThrow(ImproperlyConfigured);
  });

  test('a value that does not parse names the variable, where it came from and what was expected', () => {
    process.env[A] = 'perhaps';
    expect(failure(() => env.bool(A, false)).message).toMatch(
      new RegExp(`^Environment variable ${A} from the environment: expected a boolean \\(true/false, 1/0, yes/no or on/off\\), got 'perhaps' \\(.*\\)\\.$`),
    );
    useDotenv(new Map([[B, '12.5']]));
    expect(failure(() => env.int(B, 1)).message).toMatch(
      new RegExp(`^Environment variable ${B} from \\.env: expected an integer, got '12\\.5' \\(`),
    );
  });

  test('a variable that is missing is HYPER_ENV_MISSING; one that does not parse HYPER_ENV_BAD_VALUE', () => {
    expect(failure(() => env.str(A))).toMatchObject({ code: 'HYPER_ENV_MISSING' });
    process.env[A] = 'perhaps';
    expect(failure(() => env.bool(A))).toMatchObject({ code: 'HYPER_ENV_BAD_VALUE', cause: expect.objectContaining({ code: 'HYPER_ENV_BAD_VALUE' }) });
  });

  test("the error names the line of the user's settings module that asked", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-env-'));
    try {
      const file = path.join(dir, 'settings.ts');
      const envModule = JSON.stringify(path.resolve(__dirname, '../../src/conf/env'));
      fs.writeFileSync(file, `import { env } from ${envModule};\n\nexport default {\n  SECRET_KEY: env.str('${A}'),\n};\n`);
      expect(failure(() => loadUserModule(file)).message).toBe(
        `Environment variable ${A} is not set and has no default (${file}:4). Set it in the environment or in .env.`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
