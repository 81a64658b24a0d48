import { configure, resetSettings } from '../../src/conf/settings';
import type { LoadedSettings } from '../../src/conf/loaded-settings';
import { AppConfig } from '../../src/apps/app-config';
import { CheckRegistry, Tags, type CheckContext } from '../../src/checks/registry';
import { CRITICAL, Info, Warning } from '../../src/checks/messages';

let settings: LoadedSettings;
beforeAll(() => {
  settings = configure({ DEBUG: true });
});
afterAll(() => resetSettings());

const says = (msg: string) => () => [new Info(msg)];
const messagesOf = async (registry: CheckRegistry, options: Omit<Parameters<CheckRegistry['runChecks']>[0], 'settings'> = {}) =>
  (await registry.runChecks({ settings, ...options })).map((message) => message.msg);

describe('CheckRegistry', () => {
  test('runs every non-deploy check in registration order, sync or async', async () => {
    const registry = new CheckRegistry();
    registry.register(says('first'), Tags.settings);
    registry.register(async () => [new Info('second'), new Info('third')]);
    registry.register(() => []);
    expect(await messagesOf(registry)).toEqual(['first', 'second', 'third']);
  });

  test('tags select checks; a check with any asked tag runs', async () => {
    const registry = new CheckRegistry();
    registry.register(says('settings'), Tags.settings);
    registry.register(says('models+urls'), Tags.models, Tags.urls);
    registry.register(says('untagged'));
    expect(await messagesOf(registry, { tags: [Tags.urls] })).toEqual(['models+urls']);
    expect(await messagesOf(registry, { tags: [Tags.settings, Tags.models] })).toEqual(['settings', 'models+urls']);
    expect(await messagesOf(registry, { tags: [] })).toEqual(['settings', 'models+urls', 'untagged']);
  });

  test('a provider module is loaded only when checks with its tags run or the tags are listed', async () => {
    const registry = new CheckRegistry();
    let loads = 0;
    registry.register(says('settings'), Tags.settings);
    registry.registerProvider([Tags.templates], () => {
      loads += 1;
      registry.register(says('templates'), Tags.templates);
    });
    expect(await messagesOf(registry, { tags: [Tags.settings] })).toEqual(['settings']);
    expect(loads).toBe(0);
    expect(await messagesOf(registry, { tags: [Tags.templates] })).toEqual(['templates']);
    expect(await messagesOf(registry)).toEqual(['settings', 'templates']);
    expect(loads).toBe(1);
    const listing = new CheckRegistry();
    listing.registerProvider([Tags.templates], () => listing.register(says('t'), Tags.templates));
    expect(listing.tags()).toEqual([Tags.templates]);
  });

  test('deploy checks run only when asked for', async () => {
    const registry = new CheckRegistry();
    registry.register(says('always'), Tags.security);
    registry.register(says('deploy'), Tags.security, { deploy: true });
    expect(await messagesOf(registry)).toEqual(['always']);
    expect(await messagesOf(registry, { includeDeployChecks: true })).toEqual(['always', 'deploy']);
  });

  test('opt-in checks run only when everything, their tag, or they are asked for', async () => {
    const registry = new CheckRegistry();
    registry.register(says('models'), Tags.models);
    registry.register(says('templates'), Tags.templates, { optIn: true });
    expect(await messagesOf(registry)).toEqual(['models']);
    expect(await messagesOf(registry, { includeOptIn: [Tags.staticfiles] })).toEqual(['models']);
    expect(await messagesOf(registry, { includeOptIn: [Tags.templates] })).toEqual(['models', 'templates']);
    expect(await messagesOf(registry, { includeOptIn: true })).toEqual(['models', 'templates']);
    expect(await messagesOf(registry, { tags: [Tags.templates] })).toEqual(['templates']);
    expect(registry.tags()).toEqual(['models', 'templates']);
  });

  test('tagExists and tags() see deploy-only tags only with deploy checks', () => {
    const registry = new CheckRegistry();
    registry.register(says('a'), Tags.models);
    registry.register(says('b'), Tags.security, { deploy: true });
    expect(registry.tags()).toEqual(['models']);
    expect(registry.tags(true)).toEqual(['models', 'security']);
    expect(registry.tagExists('security')).toBe(false);
    expect(registry.tagExists('security', true)).toBe(true);
    expect(registry.tagExists('nope', true)).toBe(false);
  });

  test('registering a check again adds tags rather than running it twice', async () => {
    const registry = new CheckRegistry();
    const check = says('once');
    expect(registry.register(check, Tags.models)).toBe(check);
    registry.register(check, Tags.urls);
    expect(await messagesOf(registry)).toEqual(['once']);
    expect(registry.tags()).toEqual(['models', 'urls']);
  });

  test('database-tagged checks run only when databases are given, and see them', async () => {
    const registry = new CheckRegistry();
    registry.register(({ databases }: CheckContext) => [new Info(`db ${databases.join(',')}`)], Tags.database);
    registry.register(says('other'), Tags.models);
    expect(await messagesOf(registry)).toEqual(['other']);
    expect(await messagesOf(registry, { tags: [Tags.database] })).toEqual([]);
    expect(await messagesOf(registry, { databases: ['default', 'logs'] })).toEqual(['db default,logs', 'other']);
  });

  test('the context carries the settings and the apps asked for (null for all)', async () => {
    const registry = new CheckRegistry();
    const seen: CheckContext[] = [];
    registry.register((context) => {
      seen.push(context);
      return [];
    });
    await registry.runChecks({ settings });
    const blog = new AppConfig();
    await registry.runChecks({ settings, appConfigs: [blog] });
    expect(seen[0]).toEqual({ appConfigs: null, settings, databases: [] });
    expect(seen[1].appConfigs).toEqual([blog]);
    expect(seen[0].settings.values.DEBUG).toBe(true);
  });

  test('a check that throws becomes a checks.E001 Critical and the others still run', async () => {
    const registry = new CheckRegistry();
    registry.register(function checkModelsHaveFields(): Warning[] {
      throw new TypeError('fields is undefined');
    });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a check that rejects with a non-Error is the case under test
    registry.register(async () => Promise.reject('plain rejection'));
    registry.register(says('still runs'));
    const [first, second, third] = await registry.runChecks({ settings });
    expect(first.level).toBe(CRITICAL);
    expect(first.id).toBe('checks.E001');
    expect(first.msg).toMatch(/^The system check checkModelsHaveFields raised TypeError: fields is undefined at .*registry\.test\.ts:\d+\.$/);
    expect(first.hint).toBe('A check must return a list of messages, not throw.');
    expect(second.msg).toBe('The system check (anonymous) raised plain rejection.');
    expect(third.msg).toBe('still runs');
  });
});
