import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { lineOf, resolveSettings, type SettingsInput } from '../../src/conf/resolve-settings';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-resolve-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function resolve(input: Partial<SettingsInput>) {
  return resolveSettings({ userValues: {}, file: null, projectRoot: '/project', env: {}, dotenv: new Map(), ...input });
}

function failure(input: Partial<SettingsInput>): string {
  try {
    resolve(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    return (error as Error).message;
  }
  throw new Error('resolved without an error');
}

describe('the four tiers', () => {
  test('settings module > HYPER_* environment > .env > defaults, each with its source', () => {
    const file = path.join(dir, 'tiers.ts');
    fs.writeFileSync(file, 'export default { DEBUG: true };\n');
    const loaded = resolve({
      file,
      userValues: { DEBUG: true },
      env: { HYPER_DEBUG: 'false', HYPER_SECRET_KEY: 'from-env', HYPER_TIME_ZONE: undefined },
      dotenv: new Map([
        ['HYPER_DEBUG', 'false'],
        ['HYPER_SECRET_KEY', 'from-dotenv'],
        ['HYPER_STATIC_URL', '/assets/'],
      ]),
    });
    expect(loaded.values.DEBUG).toBe(true);
    expect(loaded.source('DEBUG')).toEqual({ tier: 'settings', detail: file });
    expect(loaded.values.SECRET_KEY).toBe('from-env');
    expect(loaded.source('SECRET_KEY')).toEqual({ tier: 'environment', detail: 'HYPER_SECRET_KEY' });
    expect(loaded.values.STATIC_URL).toBe('/assets/');
    expect(loaded.source('STATIC_URL')).toEqual({ tier: 'dotenv', detail: '.env: HYPER_STATIC_URL' });
    expect(loaded.values.TIME_ZONE).toBe('UTC');
    expect(loaded.source('TIME_ZONE')).toEqual({ tier: 'default', detail: 'default' });
    expect(loaded.file).toBe(file);
    expect(loaded.projectRoot).toBe('/project');
  });

  test('every declared setting has a value and a source', () => {
    const loaded = resolve({});
    for (const name of ['BASE_DIR', 'DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'INSTALLED_APPS', 'DATABASES', 'USE_TZ']) {
      expect(loaded.has(name)).toBe(true);
      expect(loaded.source(name)?.tier).toBe('default');
    }
    expect(loaded.values.BASE_DIR).toBe('/project');
    expect(loaded.values.DATABASES).toEqual({ default: 'pglite:.hyper/db' });
  });

  test('environment strings are parsed to the declared type', () => {
    const loaded = resolve({
      env: {
        HYPER_DEBUG: 'yes',
        HYPER_ALLOWED_HOSTS: 'example.com, .example.org',
        HYPER_DATABASES: 'postgres://u@db/site',
        HYPER_LOGGING: '{"version": 1}',
        HYPER_ROOT_URLCONF: 'site.urls',
      },
      dotenv: new Map([['HYPER_INSTALLED_APPS', '["blog", "shop"]']]),
    });
    expect(loaded.values.DEBUG).toBe(true);
    expect(loaded.values.ALLOWED_HOSTS).toEqual(['example.com', '.example.org']);
    expect(loaded.values.DATABASES).toEqual({ default: 'postgres://u@db/site' });
    expect(loaded.values.LOGGING).toEqual({ version: 1 });
    expect(loaded.values.ROOT_URLCONF).toBe('site.urls');
    expect(loaded.values.INSTALLED_APPS).toEqual(['blog', 'shop']);
  });

  test('an empty environment variable is still set (and wins over .env)', () => {
    const loaded = resolve({ env: { HYPER_DEBUG: '' }, dotenv: new Map([['HYPER_DEBUG', 'true']]) });
    expect(loaded.values.DEBUG).toBe(false);
    expect(loaded.source('DEBUG')?.tier).toBe('environment');
  });

  test('variables without the HYPER_ prefix are not settings', () => {
    const loaded = resolve({ env: { DEBUG: 'true' }, dotenv: new Map([['SECRET_KEY', 'x']]) });
    expect(loaded.values.DEBUG).toBe(false);
    expect(loaded.values.SECRET_KEY).toBe('');
  });

  test('values are frozen; defaults are copies', () => {
    const loaded = resolve({});
    expect(Object.isFrozen(loaded.values)).toBe(true);
    (loaded.values.DATABASES as Record<string, string>).default = 'changed';
    expect(resolve({}).values.DATABASES).toEqual({ default: 'pglite:.hyper/db' });
  });
});

describe('type errors', () => {
  test('from the settings module: name, expected type, value and file:line', () => {
    const file = path.join(dir, 'bad-settings.ts');
    fs.writeFileSync(file, "import x from 'y';\n\nexport default {\n  SECRET_KEY: 'k',\n  DEBUG: 'yes',\n};\n");
    expect(failure({ file, userValues: { SECRET_KEY: 'k', DEBUG: 'yes' } })).toBe(
      `${file}:5: DEBUG must be a boolean, got 'yes' (string).`,
    );
  });

  test('from configure(): no file, so no line', () => {
    expect(failure({ userValues: { ALLOWED_HOSTS: 'example.com' } })).toBe(
      "configure(): ALLOWED_HOSTS must be a list of strings, got 'example.com' (string).",
    );
    expect(failure({ userValues: { INSTALLED_APPS: ['blog', 3] } })).toBe(
      'configure(): INSTALLED_APPS must be a list of strings, got ["blog",3] (array).',
    );
    expect(failure({ userValues: { DEBUG: undefined } })).toBe('configure(): DEBUG must be a boolean, got undefined.');
  });

  test('from the environment: the variable, the tier, what was expected, the value', () => {
    expect(failure({ env: { HYPER_DEBUG: 'maybe' } })).toBe(
      "Setting DEBUG from HYPER_DEBUG in the environment: expected a boolean (true/false, 1/0, yes/no or on/off), got 'maybe'.",
    );
    expect(failure({ dotenv: new Map([['HYPER_TIME_ZONE', 'Mars/Base']]) })).toBe(
      "Setting TIME_ZONE from HYPER_TIME_ZONE in .env: expected an IANA time zone name, got 'Mars/Base'.",
    );
    expect(failure({ env: { HYPER_LOGGING: '[1]' } })).toBe(
      "Setting LOGGING from HYPER_LOGGING in the environment: expected an object as JSON, got '[1]'.",
    );
  });
});

describe('error codes', () => {
  function codeOf(input: Partial<SettingsInput>): unknown {
    try {
      resolve(input);
    } catch (error) {
      return { code: (error as ImproperlyConfigured).code, cause: (error as Error).cause === undefined ? undefined : ((error as Error).cause as { code?: string }).code };
    }
    throw new Error('resolved without an error');
  }

  test('a HYPER_* value that does not parse, or parses to the wrong type, is HYPER_SETTINGS_BAD_ENV_VALUE; a wrong type in the module HYPER_SETTINGS_WRONG_TYPE', () => {
    expect(codeOf({ env: { HYPER_DEBUG: 'maybe' } })).toEqual({ code: 'HYPER_SETTINGS_BAD_ENV_VALUE', cause: 'HYPER_ENV_BAD_VALUE' });
    expect(codeOf({ env: { HYPER_DATABASES: '{"default": 3}' } })).toEqual({ code: 'HYPER_SETTINGS_BAD_ENV_VALUE', cause: undefined });
    expect(codeOf({ userValues: { DEBUG: 'yes' } })).toEqual({ code: 'HYPER_SETTINGS_WRONG_TYPE', cause: undefined });
  });
});

describe('names the framework does not declare', () => {
  test('upper-case ones are the project\'s own settings; lower-case ones are ignored and listed', () => {
    const loaded = resolve({ userValues: { PAGE_SIZE: 25, API_TOKEN_2: 'x', helper: () => 1, pageSize: 3 } });
    expect(loaded.values.PAGE_SIZE).toBe(25);
    expect(loaded.values.API_TOKEN_2).toBe('x');
    expect(loaded.source('PAGE_SIZE')).toEqual({ tier: 'settings', detail: 'configure()' });
    expect(loaded.has('helper')).toBe(false);
    expect(loaded.has('pageSize')).toBe(false);
    expect(loaded.ignoredNames).toEqual(['helper', 'pageSize']);
  });

  test('HYPER_* variables for undeclared names do not become settings', () => {
    expect(resolve({ env: { HYPER_PAGE_SIZE: '10' } }).has('PAGE_SIZE')).toBe(false);
  });
});

describe('lineOf', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('finds object keys, quoted keys and named exports', () => {
    const file = write('lines.ts', [
      "const base = '/x';",
      'export default {',
      '  DEBUG: true,',
      "  'SECRET_KEY': 'k',",
      '  "TIME_ZONE" : "UTC",',
      '};',
      'export const ALLOWED_HOSTS = [];',
    ].join('\n'));
    expect(lineOf(file, 'DEBUG')).toBe(':3');
    expect(lineOf(file, 'SECRET_KEY')).toBe(':4');
    expect(lineOf(file, 'TIME_ZONE')).toBe(':5');
    expect(lineOf(file, 'ALLOWED_HOSTS')).toBe(':7');
  });

  test('a name inside a longer name does not count', () => {
    const file = write('longer.ts', 'export default {\n  TEMPLATE_DEBUG: 1,\n  DEBUG_TOOLBAR: 2,\n  DEBUG: 3,\n};\n');
    expect(lineOf(file, 'DEBUG')).toBe(':4');
  });

  test('mentions in comments are passed over', () => {
    const file = write('comments.ts', [
      '// DEBUG: never true in production.',
      '/*',
      ' * SECRET_KEY: keep it out of the code.',
      ' */',
      'export default {',
      "  DATABASES: { default: 'postgres://db/x' }, // DEBUG: see above",
      "  SECRET_KEY: 'k',",
      '  DEBUG: false,',
      '};',
    ].join('\n'));
    expect(lineOf(file, 'SECRET_KEY')).toBe(':7');
    expect(lineOf(file, 'DEBUG')).toBe(':8');
    expect(lineOf(file, 'DATABASES')).toBe(':6');
  });

  test('nothing when the name is absent, there is no file, or it cannot be read', () => {
    const file = write('absent.ts', "export default { ...env('DEBUG') };\n");
    expect(lineOf(file, 'DEBUG')).toBe('');
    expect(lineOf(null, 'DEBUG')).toBe('');
    expect(lineOf(path.join(dir, 'missing.ts'), 'DEBUG')).toBe('');
  });
});
