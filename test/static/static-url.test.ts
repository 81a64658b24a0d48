// static() in templates: STATIC_URL + path under DEBUG, the hashed name from the
// manifest otherwise, and a clear error for a path missing from the manifest.
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { collectStatic, MissingStaticFile, resetManifestCache, staticUrl } from '../../src/static';
import { fromString, resetEngine } from '../../src/template/engine';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let root: string;

function setup(settings: Record<string, unknown>, installed = ['hyperdjango.staticfiles']): void {
  configure({ INSTALLED_APPS: installed, STATIC_ROOT: 'out', STATICFILES_DIRS: ['static'], ...settings }, { projectRoot: root });
  apps.reset();
  apps.loadConfigs(installed, root);
  resetManifestCache();
  resetEngine();
}

beforeAll(async () => {
  root = makeTempDir('hyper-static-url-');
  writeFiles(root, { 'static/css/site.css': 'body{color:red}', 'static/img/my logo.png': 'png' });
  setup({ DEBUG: true });
  await collectStatic();
});

afterAll(() => {
  resetSettings();
  apps.reset();
  resetEngine();
  removeDir(root);
});

test('DEBUG on: STATIC_URL + path, encoded, query and fragment kept', () => {
  setup({ DEBUG: true });
  expect(staticUrl('css/site.css')).toBe('/static/css/site.css');
  expect(staticUrl('img/my logo.png?v=1#x')).toBe('/static/img/my%20logo.png?v=1#x');
  expect(staticUrl('https://cdn.example.com/a.js')).toBe('https://cdn.example.com/a.js');
});

test('DEBUG off: the hashed name from staticfiles.json', () => {
  setup({ DEBUG: false });
  expect(staticUrl('css/site.css')).toMatch(/^\/static\/css\/site\.[0-9a-f]{12}\.css$/);
  expect(staticUrl('img/my logo.png')).toMatch(/^\/static\/img\/my%20logo\.[0-9a-f]{12}\.png$/);
});

test('DEBUG off: a path missing from the manifest names it and says to run collectstatic; lenient keeps it plain', () => {
  setup({ DEBUG: false });
  expect(() => staticUrl('css/nope.css')).toThrow(MissingStaticFile);
  expect(() => staticUrl('css/nope.css')).toThrow(/static\('css\/nope\.css'\).*hyper collectstatic/);
  setup({ DEBUG: false, STATICFILES_MANIFEST_STRICT: false });
  expect(staticUrl('css/nope.css')).toBe('/static/css/nope.css');
});

test('DEBUG off without a manifest: a clear error', () => {
  setup({ DEBUG: false, STATIC_ROOT: 'elsewhere' });
  expect(() => staticUrl('css/site.css')).toThrow(/no .*staticfiles\.json manifest\. Run `hyper collectstatic`/);
});

test('without hyperdjango.staticfiles installed, static() only joins STATIC_URL', () => {
  setup({ DEBUG: false }, []);
  expect(staticUrl('css/site.css')).toBe('/static/css/site.css');
});

test('static() is a template global', async () => {
  setup({ DEBUG: false, STATIC_URL: '/assets/' });
  const html = await fromString('<link href="{{ static(\'css/site.css\') }}">').render({});
  expect(html).toMatch(/^<link href="\/assets\/css\/site\.[0-9a-f]{12}\.css">$/);
});
