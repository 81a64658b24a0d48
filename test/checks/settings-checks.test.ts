import * as path from 'node:path';
import { declareSetting } from '../../src/conf/declarations';
import { resolveSettings } from '../../src/conf/resolve-settings';
import * as t from '../../src/conf/setting-types';
import { registry, Tags, type CheckContext } from '../../src/checks';
import { checkEnvironmentNames, checkSecretKeyPresent, checkSettingNames } from '../../src/checks/builtin/settings-checks';

const SETTINGS_FILE = path.join('/project', 'settings.ts');

function context(userValues: Record<string, unknown>, file: string | null = SETTINGS_FILE): CheckContext {
  const settings = resolveSettings({ userValues, file, projectRoot: '/project', env: {}, dotenv: new Map() });
  return { settings, appConfigs: null, databases: [] };
}

describe('settings.E001: SECRET_KEY must not be empty', () => {
  test('an empty key is an error', () => {
    const [message, ...rest] = checkSecretKeyPresent(context({}));
    expect(rest).toEqual([]);
    expect(message.id).toBe('settings.E001');
    expect(message.isSerious()).toBe(true);
    expect(message.msg).toBe('The SECRET_KEY setting must not be empty.');
    expect(message.hint).toContain('HYPER_SECRET_KEY');
  });

  test('any key passes', () => {
    expect(checkSecretKeyPresent(context({ SECRET_KEY: 'x' }))).toEqual([]);
  });

  test('runs with plain `hyper check` (not deploy-only), under the settings and security tags', async () => {
    const run = async (tags: string[]) =>
      (await registry.runChecks({ settings: context({}).settings, tags })).map((message) => message.id);
    expect(await run([Tags.settings])).toContain('settings.E001');
    expect(await run([Tags.security])).toContain('settings.E001');
  });
});

describe('settings.W001 and W002: names in the settings module', () => {
  test('an unknown upper-case name close to a setting is a likely typo', () => {
    const [message, ...rest] = checkSettingNames(context({ SECRET_KEY: 'k', INSTALED_APPS: [] }));
    expect(rest).toEqual([]);
    expect(message.id).toBe('settings.W001');
    expect(message.isSerious()).toBe(false);
    expect(String(message)).toBe(`${SETTINGS_FILE}: (settings.W001) Unknown setting 'INSTALED_APPS'.\n\tHINT: Did you mean 'INSTALLED_APPS'?`);
  });

  test("the project's own settings, far from any known name, are fine", () => {
    expect(checkSettingNames(context({ PAGE_SIZE: 10, STRIPE_API_KEY: 'x', DEBUG: true }))).toEqual([]);
  });

  test('a lower-case name is ignored, with a warning pointing at the setting it looks like', () => {
    const messages = checkSettingNames(context({ debug: true, allowed_hosts: [], helper: 1 }));
    expect(messages.map((message) => [message.id, message.msg, message.hint])).toEqual([
      ['settings.W002', "'debug' is not upper case, so it is not a setting and is ignored.", "Did you mean 'DEBUG'?"],
      ['settings.W002', "'allowed_hosts' is not upper case, so it is not a setting and is ignored.", "Did you mean 'ALLOWED_HOSTS'?"],
      ['settings.W002', "'helper' is not upper case, so it is not a setting and is ignored.", 'Setting names are upper case.'],
    ]);
  });

  test('a lower-case name suggests its own upper-case setting before a near neighbour', () => {
    declareSetting({ name: 'TEST_COLOR', type: t.str, default: '', doc: 'A test setting (US spelling).' });
    declareSetting({ name: 'TEST_COLOUR', type: t.str, default: '', doc: 'A test setting (UK spelling).' });
    expect(checkSettingNames(context({ test_colour: 'red' }))[0].hint).toBe("Did you mean 'TEST_COLOUR'?");
    expect(checkSettingNames(context({ test_color: 'red' }))[0].hint).toBe("Did you mean 'TEST_COLOR'?");
  });

  test('with configure() there is no file to name', () => {
    expect(checkSettingNames(context({ debug: true }, null))[0].objectName).toBe('?');
  });

  test('names from the environment or .env are not checked here', () => {
    const settings = resolveSettings({
      userValues: {},
      file: SETTINGS_FILE,
      projectRoot: '/project',
      env: { HYPER_DEBUG: 'true' },
      dotenv: new Map([['HYPER_SECRET_KEY', 'k']]),
    });
    expect(checkSettingNames({ settings, appConfigs: null, databases: [] })).toEqual([]);
  });
});

describe('settings.W003: HYPER_* variables that name no setting', () => {
  test('a typo of a setting is reported with the right variable', () => {
    const messages = checkEnvironmentNames(context({}), { HYPER_DEBG: '1', HYPER_DEBUG: '1', PATH: '/bin', DEBG: '1' });
    expect(messages.map((message) => [message.id, message.msg, message.hint])).toEqual([
      ['settings.W003', 'The environment variable HYPER_DEBG names no setting.', 'Did you mean HYPER_DEBUG?'],
    ]);
  });

  test('variables of the CLI and commands, and names far from any setting, are left alone', () => {
    const env = {
      HYPER_SETTINGS_MODULE: 'settings',
      HYPER_SUPERUSER_PASSWORD: 'x',
      HYPER_COLORS: 'error=red',
      HYPER_NO_COLOR: '1',
      HYPER_PROJECT_THING: 'x',
    };
    expect(checkEnvironmentNames(context({}), env)).toEqual([]);
  });

  test('the registered check reads the process environment', async () => {
    process.env.HYPER_ALOWED_HOSTS = 'x';
    try {
      const messages = await registry.runChecks({ settings: context({ SECRET_KEY: 'k' }).settings, tags: [Tags.settings] });
      expect(messages.map((message) => message.msg)).toContain('The environment variable HYPER_ALOWED_HOSTS names no setting.');
    } finally {
      delete process.env.HYPER_ALOWED_HOSTS;
    }
  });
});
