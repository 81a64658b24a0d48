import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { locateSettings, SettingsNotFound } from '../../src/conf/locate';

let root: string;
let count = 0;

beforeAll(() => {
  // realpath: on some systems the temporary folder is a symlink.
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-locate-')));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const base = path.join(root, `t${++count}`);
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(base, relative)), { recursive: true });
    fs.writeFileSync(path.join(base, relative), text);
  }
  fs.mkdirSync(base, { recursive: true });
  return base;
}

const manifest = (settings: unknown) => JSON.stringify({ name: 'site', hyper: { settings } });

function failure(options: Parameters<typeof locateSettings>[0]): Error {
  try {
    locateSettings(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('located settings unexpectedly');
}

describe('locateSettings', () => {
  test('--settings, relative to the working folder, wins over everything', () => {
    const base = tree({ 'package.json': manifest('settings.ts'), 'settings.ts': '', 'conf/prod.ts': '' });
    expect(locateSettings({ cwd: base, flag: 'conf/prod.ts', env: { HYPER_SETTINGS_MODULE: 'settings' } })).toEqual({
      file: path.join(base, 'conf', 'prod.ts'),
      projectRoot: base,
      via: '--settings',
    });
  });

  test('--settings takes dotted names and names without an extension', () => {
    const base = tree({ 'package.json': '{}', 'config/settings.ts': '' });
    expect(locateSettings({ cwd: base, flag: 'config.settings', env: {} }).file).toBe(path.join(base, 'config', 'settings.ts'));
    expect(locateSettings({ cwd: base, flag: 'config/settings', env: {} }).file).toBe(path.join(base, 'config', 'settings.ts'));
  });

  test('HYPER_SETTINGS_MODULE when there is no flag', () => {
    const base = tree({ 'package.json': manifest('settings.ts'), 'settings.ts': '', 'staging.ts': '' });
    expect(locateSettings({ cwd: base, env: { HYPER_SETTINGS_MODULE: 'staging' } })).toEqual({
      file: path.join(base, 'staging.ts'),
      projectRoot: base,
      via: 'HYPER_SETTINGS_MODULE',
    });
  });

  test('the project root of a flag or variable is the nearest folder above the file with a package.json', () => {
    const base = tree({ 'package.json': '{}', 'deep/er/settings.ts': '' });
    expect(locateSettings({ cwd: path.join(base, 'deep'), flag: 'er/settings', env: {} }).projectRoot).toBe(base);
  });

  test('the "hyper".settings entry of the nearest package.json, found from a subfolder', () => {
    const base = tree({
      'package.json': manifest('config/settings.ts'),
      'config/settings.ts': '',
      'blog/templates/blog/.keep': '',
    });
    const located = locateSettings({ cwd: path.join(base, 'blog', 'templates', 'blog'), env: {} });
    expect(located).toEqual({
      file: path.join(base, 'config', 'settings.ts'),
      projectRoot: base,
      via: path.join(base, 'package.json'),
    });
  });

  test('a package.json without a "hyper" entry (a workspace package) is passed over', () => {
    const base = tree({
      'package.json': manifest('settings'),
      'settings.ts': '',
      'packages/ui/package.json': JSON.stringify({ name: 'ui', hyper: {} }),
    });
    const located = locateSettings({ cwd: path.join(base, 'packages', 'ui'), env: {} });
    expect(located.file).toBe(path.join(base, 'settings.ts'));
    expect(located.projectRoot).toBe(base);
  });

  test('"No settings found" lists every folder looked in and how to fix it', () => {
    const base = tree({ 'a/b/.keep': '' });
    const cwd = path.join(base, 'a', 'b');
    const error = failure({ cwd, env: {} });
    expect(error).toBeInstanceOf(SettingsNotFound);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    const folders: string[] = [];
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      folders.push(dir);
      if (path.dirname(dir) === dir) break;
    }
    expect(error.message).toContain(`is in ${folders.join(', ')}. `);
    expect(error.message).toMatch(/^No settings found: --settings was not given, HYPER_SETTINGS_MODULE is not set/);
    expect(error.message).toContain('hyper startproject NAME');
  });

  test('an empty HYPER_SETTINGS_MODULE counts as unset', () => {
    const base = tree({ 'package.json': manifest('settings.ts'), 'settings.ts': '' });
    expect(locateSettings({ cwd: base, env: { HYPER_SETTINGS_MODULE: '' } }).via).toBe(path.join(base, 'package.json'));
  });

  test.each([[42], [''], [['settings.ts']], [null]])('a bad "hyper.settings" value (%j) is an error naming the package.json', (value) => {
    const base = tree({ 'package.json': manifest(value) });
    const error = failure({ cwd: base, env: {} });
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect(error).not.toBeInstanceOf(SettingsNotFound);
    expect(error.message).toBe(
      `${path.join(base, 'package.json')}: "hyper.settings" must be the settings module's path as a string, e.g. "settings.ts".`,
    );
  });

  test('a named module that does not exist says where it was named and where it was looked for', () => {
    const base = tree({ 'package.json': manifest('conf/settings.ts') });
    expect(failure({ cwd: base, env: {} }).message).toBe(
      `Settings module 'conf/settings.ts' (from ${path.join(base, 'package.json')}) not found: ` +
        `no conf/settings.ts in ${base}.`,
    );
    expect(failure({ cwd: base, flag: 'prod', env: {} }).message).toBe(
      `Settings module 'prod' (from --settings) not found: no prod.ts, prod.js or prod/index.ts in ${base}.`,
    );
    expect(failure({ cwd: base, flag: 'nope', env: {} }).message).toMatch(/^Settings module 'nope' \(from --settings\) not found/);
    expect(failure({ cwd: base, env: { HYPER_SETTINGS_MODULE: 'gone' } }).message).toMatch(
      /^Settings module 'gone' \(from HYPER_SETTINGS_MODULE\) not found/,
    );
  });

  test('a package.json that is not JSON is an error naming it', () => {
    const base = tree({ 'package.json': '{ not json' });
    expect(failure({ cwd: base, env: {} }).message).toMatch(
      new RegExp(`^${path.join(base, 'package.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: `),
    );
  });
});
