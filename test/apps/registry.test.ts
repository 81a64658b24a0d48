import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured, LookupError, UserCodeError } from '../../src/core/errors';
import { AppConfig } from '../../src/apps/app-config';
import { Apps, apps as processApps } from '../../src/apps/registry';

const appConfigModule = JSON.stringify(path.resolve(__dirname, '../../src/apps/app-config'));
const events: string[] = [];
(globalThis as { hyperTestEvents?: string[] }).hyperTestEvents = events;
const record = (event: string) => `(globalThis as any).hyperTestEvents.push(${JSON.stringify(event)});`;

let base: string;
let count = 0;
beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-registry-')));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeEach(() => {
  events.length = 0;
});

/** A fresh project folder holding the given files. */
function project(files: Record<string, string>): string {
  const root = path.join(base, `p${++count}`);
  fs.mkdirSync(root);
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  return root;
}

const appsFile = (body: string, before = '') =>
  `import { AppConfig } from ${appConfigModule};\n${before}\nexport default class extends AppConfig {\n${body}\n}\n`;

async function populateFailure(installed: string[], root: string): Promise<Error> {
  const registry = new Apps();
  try {
    await registry.populate(installed, root);
  } catch (error) {
    expect(registry.getAppConfigs()).toEqual([]);
    expect(registry.ready).toBe(false);
    return error as Error;
  }
  throw new Error('populated without an error');
}

describe('Apps.populate', () => {
  test("an app's apps.ts default export class becomes its config, filled in from the entry", async () => {
    const root = project({
      'blog/apps.ts': appsFile("  verboseName = 'The blog';"),
      'apps/shop/apps.ts': appsFile("  label = 'store';"),
    });
    const registry = new Apps();
    await registry.populate(['blog', 'apps/shop'], root);
    const [blog, shop] = registry.getAppConfigs();
    expect(blog).toBeInstanceOf(AppConfig);
    expect(blog).toMatchObject({ name: 'blog', label: 'blog', verboseName: 'The blog', path: path.join(root, 'blog') });
    expect(shop).toMatchObject({ name: 'apps/shop', label: 'store', verboseName: 'Store', path: path.join(root, 'apps', 'shop') });
    expect(registry.getAppConfig('store')).toBe(shop);
    expect(registry.ready).toBe(true);
    expect(registry.configsReady).toBe(true);
  });

  test('an app without apps.ts gets a plain AppConfig; label and verbose name come from its name', async () => {
    const root = project({ 'apps/user_profiles/models.ts': 'export {};' });
    const registry = new Apps();
    await registry.populate(['apps.user_profiles'], root);
    const config = registry.getAppConfig('user_profiles');
    expect(config.constructor).toBe(AppConfig);
    expect(config).toMatchObject({ name: 'apps.user_profiles', verboseName: 'User profiles' });
  });

  test('a hyphenated package name gives an identifier label', async () => {
    const root = project({ 'node_modules/hyper-polls/package.json': '{"name": "hyper-polls"}' });
    const registry = new Apps();
    await registry.populate(['hyper-polls'], root);
    expect(registry.getAppConfig('hyper_polls').name).toBe('hyper-polls');
  });

  test('models.ts and checks.ts are imported; every apps.ts before any models; ready() last, awaited in order', async () => {
    const root = project({
      'a/apps.ts': appsFile(
        `  async ready(): Promise<void> {\n    await new Promise((r) => setTimeout(r, 20));\n    ${record('a ready done')}\n  }`,
        record('a apps'),
      ),
      'a/models.ts': `${record('a models')}\nexport class Post {}\n`,
      'a/checks.ts': `${record('a checks')}\nexport {};\n`,
      'b/apps.ts': appsFile(`  ready(): void {\n    ${record('b ready')}\n  }`, record('b apps')),
      'b/models/index.ts': `${record('b models')}\nexport const Tag = 1;\n`,
    });
    const registry = new Apps();
    await registry.populate(['a', 'b'], root);
    expect(events).toEqual(['a apps', 'b apps', 'a models', 'a checks', 'b models', 'a ready done', 'b ready']);
    expect(registry.getAppConfig('a').modelsModule).toMatchObject({ Post: expect.any(Function) });
    expect(registry.getAppConfig('b').modelsModule).toMatchObject({ Tag: 1 });
  });

  test('populating again is a no-op until reset()', async () => {
    const root = project({ 'a/models.ts': `${record('a models')}\nexport {};\n` });
    const registry = new Apps();
    await registry.populate(['a'], root);
    await registry.populate(['a', 'b'], root);
    expect(registry.getAppConfigs().map((config) => config.label)).toEqual(['a']);
    registry.reset();
    expect(registry.getAppConfigs()).toEqual([]);
    expect([registry.ready, registry.configsReady]).toEqual([false, false]);
    expect(registry.hasApp('a')).toBe(false);
  });

  test('loadConfigs alone reads apps.ts without importing models', () => {
    const root = project({ 'a/apps.ts': appsFile('', record('a apps')), 'a/models.ts': `${record('a models')}\nexport {};\n` });
    const registry = new Apps();
    registry.loadConfigs(['a'], root);
    expect(events).toEqual(['a apps']);
    expect(registry.configsReady).toBe(true);
    expect(registry.ready).toBe(false);
  });

  test('an app listed twice is an error', async () => {
    const root = project({ 'blog/models.ts': '' });
    const error = await populateFailure(['blog', 'blog'], root);
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    expect(error.message).toBe("Application names aren't unique: 'blog' is listed twice in INSTALLED_APPS.");
  });

  test('two apps with one label is an error naming both and the fix', async () => {
    const root = project({ 'blog/models.ts': '', 'legacy/blog/models.ts': '' });
    const error = await populateFailure(['blog', 'legacy/blog'], root);
    expect(error.message).toBe(
      "Application labels aren't unique: 'blog' is the label of both 'blog' and 'legacy/blog'. " +
        'Set a distinct `label` in one of their apps.ts files.',
    );
  });

  test('a label that is not an identifier is an error', async () => {
    const root = project({ 'blog/apps.ts': appsFile("  label = 'my blog';") });
    const error = await populateFailure(['blog'], root);
    expect(error.message).toBe(
      `App 'blog' has the label 'my blog', which is not an identifier. Set \`label\` in ${path.join(root, 'blog', 'apps.ts')} to letters, digits and underscores.`,
    );
  });

  test.each([
    ['no default export', 'export const x = 1;'],
    ['a function', 'export default function config() {}'],
    ['a class not extending AppConfig', 'export default class BlogConfig { label = "blog"; }'],
    ['an instance', `import { AppConfig } from ${appConfigModule};\nexport default new AppConfig();`],
  ])('apps.ts with %s is an error', async (_what, text) => {
    const root = project({ 'blog/apps.ts': text });
    const error = await populateFailure(['blog'], root);
    expect(error.message).toBe(
      `${path.join(root, 'blog', 'apps.ts')}: the default export must be a class extending AppConfig from 'hyperdjango/apps'.`,
    );
  });

  test('AppConfig itself is accepted as the default export', async () => {
    const root = project({ 'blog/apps.ts': `import { AppConfig } from ${appConfigModule};\nexport default AppConfig;\n` });
    const registry = new Apps();
    await registry.populate(['blog'], root);
    expect(registry.getAppConfig('blog').label).toBe('blog');
  });

  test('an error while importing models.ts is one line with its file:line, and the registry is left empty', async () => {
    const root = project({
      'blog/models.ts': "export class Post {}\n\nthrow new TypeError('Post has no fields');\n",
    });
    const error = await populateFailure(['blog'], root);
    expect(error).toBeInstanceOf(UserCodeError);
    expect(error.message).toBe(`${path.join(root, 'blog', 'models.ts')}:3:7: TypeError: Post has no fields`);
  });

  test('a ready() that throws leaves the registry empty', async () => {
    const root = project({ 'blog/apps.ts': appsFile("  ready(): void {\n    throw new Error('not ready');\n  }") });
    expect((await populateFailure(['blog'], root)).message).toBe('not ready');
  });

  test('an unknown app stops the load with the resolver message', async () => {
    const root = project({ 'blog/models.ts': '' });
    expect((await populateFailure(['blog', 'blgo'], root)).message).toMatch(/^Unknown app 'blgo'.*Did you mean 'blog'\?$/);
    expect(await populateFailure(['blog', 'blgo'], root)).toMatchObject({ code: 'HYPER_APPS_UNKNOWN_APP' });
  });

  test('populate() is not reentrant', async () => {
    const registry = new Apps();
    (globalThis as { hyperTestRegistry?: Apps }).hyperTestRegistry = registry;
    const root = project({
      'blog/apps.ts': appsFile(
        '  async ready(): Promise<void> {\n    await (globalThis as any).hyperTestRegistry.populate([], process.cwd());\n  }',
      ),
    });
    await expect(registry.populate(['blog'], root)).rejects.toThrow(
      'apps.populate() is not reentrant: an app imported the registry while it was loading.',
    );
    expect(registry.getAppConfigs()).toEqual([]);
  });
});

describe('looking apps up', () => {
  let registry: Apps;
  beforeAll(async () => {
    const root = project({ 'blog/models.ts': '', 'apps/shop/models.ts': '' });
    registry = new Apps();
    await registry.populate(['blog', 'apps/shop'], root);
  });

  test('by label and by name', () => {
    expect(registry.hasApp('shop')).toBe(true);
    expect(registry.hasApp('apps/shop')).toBe(false);
    expect(registry.isInstalled('apps/shop')).toBe(true);
    expect(registry.isInstalled('shop')).toBe(false);
    expect(registry.getAppConfigs().map((config) => config.label)).toEqual(['blog', 'shop']);
  });

  test('an unknown label is a LookupError with a suggestion', () => {
    expect(() => registry.getAppConfig('shp')).toThrow(LookupError);
    expect(() => registry.getAppConfig('shp')).toThrow("No installed app with label 'shp'. Did you mean 'shop'?");
    expect(() => registry.getAppConfig('zzzzzz')).toThrow(/^No installed app with label 'zzzzzz'\.$/);
    expect(() => registry.getAppConfig('shp')).toThrow(expect.objectContaining({ code: 'HYPER_APPS_UNKNOWN_LABEL' }));
  });
});

test('the process registry is an Apps', () => {
  expect(processApps).toBeInstanceOf(Apps);
});
