import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { defineSettings } from '../../src/conf';
import { configure, loadedSettings, resetSettings, settings, settingsConfigured, setupSettings } from '../../src/conf/settings';

afterEach(() => resetSettings());

describe('configure()', () => {
  test('sets the process settings from code, with defaults beneath', () => {
    const loaded = configure({ DEBUG: true, PAGE_SIZE: 5 }, { projectRoot: '/projects/site' });
    expect(settingsConfigured()).toBe(true);
    expect(loadedSettings()).toBe(loaded);
    expect(settings.DEBUG).toBe(true);
    expect(settings.PAGE_SIZE).toBe(5);
    expect(settings.BASE_DIR).toBe('/projects/site');
    expect(settings.INSTALLED_APPS).toEqual([]);
    expect(loaded.file).toBeNull();
  });

  test('the project root defaults to the working folder', () => {
    configure();
    expect(settings.BASE_DIR).toBe(process.cwd());
  });

  test('values are checked like a settings module', () => {
    expect(() => configure({ DEBUG: 'yes' })).toThrow(
      new ImproperlyConfigured("configure(): DEBUG must be a boolean, got 'yes' (string)."),
    );
  });

  test('the environment and .env are not read', () => {
    process.env.HYPER_DEBUG = 'true';
    try {
      configure();
      expect(settings.DEBUG).toBe(false);
    } finally {
      delete process.env.HYPER_DEBUG;
    }
  });
});

describe('the settings proxy', () => {
  test('is read-only', () => {
    configure({ DEBUG: false });
    expect(() => {
      (settings as { DEBUG: boolean }).DEBUG = true;
    }).toThrow(InvalidArgument);
    expect(() => {
      (settings as { DEBUG: boolean }).DEBUG = true;
    }).toThrow('settings are read-only: set DEBUG in the settings module, or call configure() in tests.');
    expect(() => {
      delete (settings as { DEBUG?: boolean }).DEBUG;
    }).toThrow('settings are read-only');
    expect(() => Object.defineProperty(settings, 'DEBUG', { value: true })).toThrow('settings are read-only');
    expect(settings.DEBUG).toBe(false);
  });

  test('can be enumerated, spread and checked with `in`', () => {
    configure({ CUSTOM: 1 });
    expect('DEBUG' in settings).toBe(true);
    expect('CUSTOM' in settings).toBe(true);
    expect('NOPE' in settings).toBe(false);
    expect(Object.keys(settings)).toEqual(Object.keys(loadedSettings().values));
    expect({ ...settings }.CUSTOM).toBe(1);
    expect(Object.getOwnPropertyDescriptor(settings, 'CUSTOM')).toMatchObject({ value: 1, writable: false, enumerable: true });
    expect(settings.NOPE).toBeUndefined();
  });

  test('follows a new configure()', () => {
    configure({ DEBUG: true });
    expect(settings.DEBUG).toBe(true);
    configure({ DEBUG: false });
    expect(settings.DEBUG).toBe(false);
  });
});

describe('resetSettings() and loading on first use', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-settings-')));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'site', hyper: { settings: 'settings.ts' } }));
    fs.writeFileSync(path.join(dir, 'settings.ts'), "export default { SECRET_KEY: 'from-file', SITE_NAME: 'Site' };\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reset forgets the settings', () => {
    configure({ DEBUG: true });
    resetSettings();
    expect(settingsConfigured()).toBe(false);
  });

  test('setupSettings locates and loads the project settings', () => {
    const loaded = setupSettings({ cwd: dir, env: {} });
    expect(loadedSettings()).toBe(loaded);
    expect(settings.SECRET_KEY).toBe('from-file');
    expect(settings.SITE_NAME).toBe('Site');
    expect(settings.BASE_DIR).toBe(dir);
    expect(loaded.file).toBe(path.join(dir, 'settings.ts'));
  });

  test('after a reset, the next read loads the settings from the working folder', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(settings.SITE_NAME).toBe('Site');
      expect(settingsConfigured()).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});

test('defineSettings returns its argument, typed', () => {
  const values = { DEBUG: true, CUSTOM: [1] };
  expect(defineSettings(values)).toBe(values);
});

describe('loading again in a plain node process (the CLI)', () => {
  const dist = path.resolve(__dirname, '../../dist/src/conf/index.js');
  let dir: string;
  beforeAll(() => {
    if (!fs.existsSync(dist)) throw new Error(`${dist} is missing: run \`npm run build\` before these tests.`);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-settings-reload-')));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'site', hyper: { settings: 'settings.ts' } }));
    fs.writeFileSync(
      path.join(dir, 'settings.ts'),
      `import { env } from ${JSON.stringify(dist)};\nexport default { GREETING: env.str('GREETING', 'hello') as string };\n`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('setupSettings after resetSettings runs the settings module again', () => {
    const script = [
      `const conf = require(${JSON.stringify(dist)});`,
      'const first = conf.setupSettings({ cwd: process.argv[1] }).values.GREETING;',
      "process.env.GREETING = 'changed';",
      'conf.resetSettings();',
      'const second = conf.setupSettings({ cwd: process.argv[1] }).values.GREETING;',
      'process.stdout.write(JSON.stringify([first, second]));',
    ].join('\n');
    const env = { ...process.env };
    delete env.GREETING;
    delete env.HYPER_SETTINGS_MODULE;
    const output = execFileSync(process.execPath, ['-e', script, dir], { encoding: 'utf8', env });
    expect(JSON.parse(output)).toEqual(['hello', 'changed']);
  });
});
