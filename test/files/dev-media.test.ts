// runserver's MEDIA_URL middleware through the test client: files from the default
// storage's folder with the static files' path safety, and nothing served when
// MEDIA_ROOT would publish the project itself, when MEDIA_URL is another host or
// STATIC_URL, or when the default storage has no folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http';
import { devMediaFiles } from '../../src/static/serve';
import { Client } from '../../src/test-client';
import { path as route, setUrlconf } from '../../src/urls';

let project: string;
const client = () => new Client({ middleware: [devMediaFiles], log: () => undefined });
const use = (values: Record<string, unknown>) => configure({ ALLOWED_HOSTS: ['testserver'], BASE_DIR: project, MEDIA_URL: '/media/', MEDIA_ROOT: 'media', ...values }, { projectRoot: project });

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-dev-media-'));
  fs.mkdirSync(path.join(project, 'media', 'docs'), { recursive: true });
  fs.writeFileSync(path.join(project, 'media', 'docs', 'a b.txt'), 'user file');
  fs.writeFileSync(path.join(project, 'settings.ts'), 'SECRET_KEY');
  fs.symlinkSync(path.join(project, 'settings.ts'), path.join(project, 'media', 'link.ts'));
  setUrlconf([route('media/<path:rest>', () => new HttpResponse('the view'))]);
});
afterAll(() => {
  setUrlconf(null);
  resetSettings();
  fs.rmSync(project, { recursive: true, force: true });
});

it('serves a file under MEDIA_URL, no-cache, with ranges and 304s', async () => {
  use({});
  const c = client();
  const response = await c.get('/media/docs/a%20b.txt');
  expect(response.status).toBe(200);
  expect(response.text).toBe('user file');
  expect(response.headers.get('cache-control')).toBe('no-cache');
  const etag = response.headers.get('etag')!;
  expect((await c.get('/media/docs/a%20b.txt', { headers: { 'if-none-match': etag } })).status).toBe(304);
  expect((await c.get('/media/docs/a%20b.txt', { headers: { range: 'bytes=0-3' } })).text).toBe('user');
});

it.each(['/media/../settings.ts', '/media/%2e%2e/settings.ts', '/media/docs%2f..%2f..%2fsettings.ts', '/media/link.ts', '/media/docs/missing.txt', '/media/docs/'])('answers 404 for %s', async (target) => {
  use({});
  const response = await client().get(target);
  expect(response.status).toBe(404);
  expect(response.text).not.toContain('SECRET_KEY');
});

it('serves nothing when MEDIA_ROOT is the project folder', async () => {
  use({ MEDIA_ROOT: '' });
  const response = await client().get('/media/settings.ts');
  expect(response.status).toBe(404);
  expect(response.text).toContain('holds the project itself');
});

it.each([
  ['MEDIA_URL on another host', { MEDIA_URL: 'https://cdn.example.com/media/' }],
  ['MEDIA_URL equal to STATIC_URL', { MEDIA_URL: '/static/', STATIC_URL: '/static/' }],
  ['a default storage without a folder', { STORAGES: { default: { BACKEND: 'hyperdjango.files.InMemoryStorage' } } }],
])('leaves the path to the URLconf with %s', async (_, values) => {
  use(values);
  expect((await client().get('/media/docs/a%20b.txt')).text).toBe('the view');
});
