import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured, UserCodeError } from '../../src/core/errors';
import { compileCacheDir, loadSettings } from '../../src/conf/load-settings';

const envModule = JSON.stringify(path.resolve(__dirname, '../../src/conf/env'));
let root: string;
let count = 0;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-load-settings-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A project folder with a settings.ts (and a .env when given); each test gets its own. */
function project(settings: string, dotenv?: string): { file: string; projectRoot: string } {
  const projectRoot = path.join(root, `p${++count}`);
  fs.mkdirSync(projectRoot);
  const file = path.join(projectRoot, 'settings.ts');
  fs.writeFileSync(file, settings);
  if (dotenv !== undefined) fs.writeFileSync(path.join(projectRoot, '.env'), dotenv);
  return { file, projectRoot };
}

const load = (location: { file: string; projectRoot: string }, env: NodeJS.ProcessEnv = {}) =>
  loadSettings({ ...location, via: 'test' }, env);

function loadFailure(location: { file: string; projectRoot: string }, env: NodeJS.ProcessEnv = {}): Error {
  try {
    load(location, env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('loaded without an error');
}

describe('loadSettings', () => {
  test('a default export is the settings object', () => {
    const location = project("export default {\n  DEBUG: true,\n  SECRET_KEY: 's',\n  PAGE_SIZE: 10,\n};\n");
    const loaded = load(location);
    expect(loaded.values).toMatchObject({ DEBUG: true, SECRET_KEY: 's', PAGE_SIZE: 10, BASE_DIR: location.projectRoot });
    expect(loaded.file).toBe(location.file);
    expect(loaded.projectRoot).toBe(location.projectRoot);
    expect(loaded.source('DEBUG')).toEqual({ tier: 'settings', detail: location.file });
  });

  test('without a default export, the upper-case named exports are the settings (Django style)', () => {
    const location = project("export const DEBUG = true;\nexport const ALLOWED_HOSTS = ['a.com'];\nexport function helper() {}\n");
    const loaded = load(location);
    expect(loaded.values.DEBUG).toBe(true);
    expect(loaded.values.ALLOWED_HOSTS).toEqual(['a.com']);
    expect(loaded.has('helper')).toBe(false);
    expect(loaded.has('__esModule')).toBe(false);
    expect(loaded.ignoredNames).toEqual(['helper']);
  });

  test('a default export wins over named exports', () => {
    const location = project('export const DEBUG = false;\nexport default { DEBUG: true };\n');
    expect(load(location).values.DEBUG).toBe(true);
  });

  test.each([
    ['42', '42 (number)'],
    ["'settings'", "'settings' (string)"],
    ['[1, 2]', '[1,2] (array)'],
    ['null', 'null'],
    ['() => ({})', 'a function'],
  ])('a default export of %s is an error saying what was found', (value, described) => {
    const location = project(`export default ${value};\n`);
    const error = loadFailure(location);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect(error.message).toBe(
      `${location.file}: the default export must be the settings object (export default defineSettings({...})), got ${described}.`,
    );
  });

  test('HYPER_* from the given environment, then from the project .env', () => {
    const location = project('export default {};\n', 'HYPER_DEBUG=true\nHYPER_SECRET_KEY="from dotenv"\n');
    const loaded = load(location, { HYPER_SECRET_KEY: 'from env' });
    expect(loaded.values.DEBUG).toBe(true);
    expect(loaded.source('DEBUG')?.tier).toBe('dotenv');
    expect(loaded.values.SECRET_KEY).toBe('from env');
  });

  test('env.* helpers in the settings module see the project .env', () => {
    const name = 'HYPER_TEST_ONLY_SIGNUP_OPEN';
    delete process.env[name];
    const location = project(
      `import { env } from ${envModule};\nexport default { SIGNUP_OPEN: env.bool('${name}', false) };\n`,
      `${name}=on\n`,
    );
    expect(load(location).values.SIGNUP_OPEN).toBe(true);
  });

  test('a bad .env line stops the load with its file:line', () => {
    const location = project('export default {};\n', 'A=1\nnot a line\n');
    expect(loadFailure(location).message).toBe(`${path.join(location.projectRoot, '.env')}:2: cannot read 'not a line': expected KEY=value.`);
  });

  test('a type error names the settings file and line', () => {
    const location = project("export default {\n  SECRET_KEY: 's',\n  INSTALLED_APPS: 'blog',\n};\n");
    expect(loadFailure(location).message).toBe(
      `${location.file}:3: INSTALLED_APPS must be a list of strings, got 'blog' (string).`,
    );
  });

  test('an error raised by the settings module is one line with its file:line:col', () => {
    const location = project("const hosts: string[] = [];\nif (hosts.length === 0) throw new Error('no hosts');\nexport default {};\n");
    const error = loadFailure(location);
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.message).toBe(`${location.file}:2:31: Error: no hosts`);
  });

  test('compiled modules are cached under the project .hyper folder', () => {
    expect(compileCacheDir('/projects/site')).toBe(path.join('/projects/site', '.hyper', 'cache', 'ts'));
  });
});
