// The signed-cookie backend: the data is the cookie; tampered or expired cookies are
// an empty session; cycleKey and flush work without any storage.
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { getSessionStore, SignedCookieSessionStore } from '../../src/contrib/sessions';
import { Client } from '../../src/test-client';
import { setUrlconf } from '../../src/urls';
import { MIDDLEWARE, SECRET, sessionUrls } from './support';

const quiet = () => undefined;
const client = () => new Client({ middleware: MIDDLEWARE, log: quiet });

beforeAll(async () => {
  configure({ SECRET_KEY: SECRET, SESSION_ENGINE: 'signed_cookies', ALLOWED_HOSTS: ['testserver'] });
  await apps.populate(['hyperdjango.sessions'], process.cwd());
  setUrlconf(sessionUrls);
});
afterAll(() => {
  setUrlconf(null);
  apps.reset();
  resetSettings();
});
afterEach(() => jest.useRealTimers());

it('is chosen by SESSION_ENGINE, also under the dotted names', () => {
  expect(getSessionStore()).toBe(SignedCookieSessionStore);
  expect(getSessionStore('hyperdjango.sessions.backends.signed_cookies')).toBe(SignedCookieSessionStore);
  expect(() => getSessionStore('redis')).toThrow(/SESSION_ENGINE 'redis' is not a session backend/);
});

it('keeps the data in the signed cookie and reads it back', async () => {
  const c = client();
  await c.get('/set/color/blue/');
  const cookie = c.cookies.get('sessionid')!;
  expect(cookie).toMatch(/^[A-Za-z0-9_\-.:]+$/);
  expect((await c.get('/get/color/')).json()).toEqual({ value: 'blue', key: cookie });
  const store = new SignedCookieSessionStore(cookie);
  await store.load();
  expect(store.get('color')).toBe('blue');
});

it('a tampered cookie is an empty session', async () => {
  const c = client();
  await c.get('/set/role/user/');
  const cookie = c.cookies.get('sessionid')!;
  c.cookies.set('sessionid', `${cookie.slice(0, 5)}${cookie[5] === 'a' ? 'b' : 'a'}${cookie.slice(6)}`);
  expect((await c.get('/get/role/')).json()).toEqual({ value: null, key: null });
});

it('expires after SESSION_COOKIE_AGE', async () => {
  jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
  const c = client();
  await c.get('/set/a/1/');
  jest.setSystemTime(new Date('2030-01-20T00:00:00Z'));
  expect((await c.get('/get/a/')).json()).toEqual({ value: null, key: null });
});

it('cycleKey re-signs the same data; flush deletes the cookie', async () => {
  const c = client();
  await c.get('/set/a/1/');
  await c.get('/cycle/');
  expect((await c.get('/get/a/')).json()).toMatchObject({ value: '1' });
  const flushed = await c.get('/flush/');
  expect(flushed.headers.getAll('set-cookie')[0]).toMatch(/^sessionid=; Max-Age=0/);
  expect(c.cookies.has('sessionid')).toBe(false);
});
