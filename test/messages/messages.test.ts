// The messages framework through the test client: messages survive a redirect and
// show once, levels and tags, MESSAGE_LEVEL and MESSAGE_TAGS, the three storages
// (the signed cookie tampered with, overflowing into the session), and no cookie or
// session work for requests that never touch messages.
import { Client } from '../../src/test-client';
import { CookieStorage, MAX_COOKIE_SIZE, MESSAGES_COOKIE } from '../../src/contrib/messages';
import { HttpResponse } from '../../src/http';
import * as messages from '../../src/contrib/messages';
import { Request as RequestClass } from '../../src/http/request';
import { BUILTIN_PROCESSORS } from '../../src/template/context-processors';
import { reconfigure, setupMessages } from './support';

const quiet = () => undefined;
const client = () => new Client({ log: quiet });

setupMessages();
afterEach(() => reconfigure());

it('a message survives the redirect, shows once with its tags, and is gone on the next page', async () => {
  const c = client();
  const redirected = await c.get('/add/success/Saved!/');
  expect(redirected.status).toBe(302);
  expect(c.cookies.get(MESSAGES_COOKIE)).toBeDefined();
  const page = await c.get('/show/');
  expect(page.text).toBe('<ul><li class="success">Saved!</li></ul>');
  // Shown: the cookie is deleted with that response.
  expect(page.headers.getAll('set-cookie').join('\n')).toMatch(/^messages=; Max-Age=0/m);
  expect((await c.get('/show/')).text).toBe('none');
});

it('follows redirects in one call (the redirect chain) and escapes the text', async () => {
  const response = await client().get(`/add/error/${encodeURIComponent('<b>Nope & co')}/`, { follow: true });
  expect(response.redirectChain).toEqual([['/show/', 302]]);
  expect(response.text).toBe('<ul><li class="error">&lt;b&gt;Nope &amp; co</li></ul>');
});

it('keeps extra tags and custom levels; MESSAGE_TAGS renames a level', async () => {
  reconfigure({ MESSAGE_TAGS: { 40: 'danger', 35: 'notice' } });
  const c = client();
  await c.get('/tagged/');
  expect((await c.get('/show/')).text).toBe('<ul><li class="sticky warning">Careful</li><li class="notice">Custom level</li></ul>');
  await c.get('/add/error/Bad/');
  expect((await c.get('/show/')).text).toBe('<ul><li class="danger">Bad</li></ul>');
});

it('drops messages below MESSAGE_LEVEL (DEBUG by default), and setLevel lowers it for a request', async () => {
  const c = client();
  await c.get('/add/debug/hidden/');
  expect((await c.get('/show/')).text).toBe('none');
  await c.get('/level/');
  expect((await c.get('/show/')).text).toBe('<ul><li class="debug">Shown at DEBUG level</li></ul>');
  reconfigure({ MESSAGE_LEVEL: messages.WARNING });
  await c.get('/add/info/quiet/');
  expect((await c.get('/show/')).text).toBe('none');
});

it('a page that never touches messages sets no cookie, reads no session, and adds no Vary', async () => {
  const c = client();
  const response = await c.get('/plain/');
  expect(response.headers.getAll('set-cookie')).toEqual([]);
  expect(response.headers.get('vary')).toBeUndefined();
  // Messages waiting are not consumed by a page that does not show them.
  await c.get('/add/info/later/');
  const cookie = c.cookies.get(MESSAGES_COOKIE);
  await c.get('/plain/');
  expect(c.cookies.get(MESSAGES_COOKIE)).toBe(cookie);
  expect((await c.get('/show/')).text).toBe('<ul><li class="info">later</li></ul>');
});

it('a tampered cookie is no messages, and is replaced, never trusted', async () => {
  const c = client();
  await c.get('/add/info/real/');
  const cookie = c.cookies.get(MESSAGES_COOKIE)!;
  c.cookies.set(MESSAGES_COOKIE, `${cookie.slice(0, -3)}${cookie.endsWith('A') ? 'BBB' : 'AAA'}`);
  expect((await c.get('/list/')).json()).toEqual([]);
});

it('FallbackStorage: messages too big for the cookie overflow into the session, in order', async () => {
  const c = client();
  await c.get('/many/60/');
  const cookie = c.cookies.get(MESSAGES_COOKIE)!;
  expect(cookie.length).toBeLessThanOrEqual(MAX_COOKIE_SIZE);
  const listed = (await c.get('/list/')).json<string[]>();
  expect(listed).toHaveLength(60);
  expect(listed[0]).toMatch(/^message number 0 /);
  expect(listed[59]).toMatch(/^message number 59 /);
  expect((await c.get('/list/')).json()).toEqual([]);
});

it('FallbackStorage: a message bigger than the cookie waits in the session, the cookie saying so', async () => {
  const c = client();
  await c.get('/huge/');
  const listed = (await c.get('/list/')).json<string[]>();
  expect(listed.map((m) => m.length)).toEqual([3000, 9]);
  expect((await c.get('/list/')).json()).toEqual([]);
});

it('CookieStorage alone keeps the newest messages that fit and drops the oldest', async () => {
  reconfigure({ MESSAGE_STORAGE: 'hyperdjango.messages.storage.CookieStorage' });
  const c = client();
  await c.get('/many/60/');
  const listed = (await c.get('/list/')).json<string[]>();
  expect(listed.length).toBeGreaterThan(5);
  expect(listed.length).toBeLessThan(60);
  expect(listed[listed.length - 1]).toMatch(/^message number 59 /);
});

it('SessionStorage keeps them in the session (Django names accepted)', async () => {
  reconfigure({ MESSAGE_STORAGE: 'django.contrib.messages.storage.session.SessionStorage' });
  const c = client();
  await c.get('/add/warning/In the session/');
  expect(c.cookies.get(MESSAGES_COOKIE)).toBeUndefined();
  expect(c.cookies.get('sessionid')).toBeDefined();
  expect((await c.get('/list/')).json()).toEqual(['In the session']);
  expect((await c.get('/list/')).json()).toEqual([]);
});

it('SessionStorage without the sessions middleware says what to add', async () => {
  reconfigure({ MESSAGE_STORAGE: 'hyperdjango.messages.storage.SessionStorage', MIDDLEWARE: ['hyperdjango.messages.middleware'] });
  const response = await client().get('/add/info/x/');
  expect(response.status).toBe(500);
  const error = (() => {
    try {
      new messages.SessionStorage(new RequestClass({ method: 'GET', target: '/', headers: {} } as never));
    } catch (e) {
      return e;
    }
  })();
  expect(error).toMatchObject({ code: 'HYPER_MESSAGES_NO_SESSION' });
});

it('without the middleware, adding a message is a clear error (or nothing, with failSilently)', () => {
  const request = new RequestClass({ method: 'GET', target: '/', headers: {} } as never);
  expect(() => messages.success(request, 'x')).toThrow(expect.objectContaining({ code: 'HYPER_MESSAGES_NOT_INSTALLED' }));
  expect(() => messages.success(request, 'x', { failSilently: true })).not.toThrow();
  expect([...messages.getMessages(request)]).toEqual([]);
});

it('an unknown MESSAGE_STORAGE is refused with a suggestion', () => {
  expect(() => messages.storageClass('hyperdjango.messages.storage.CookiStorage')).toThrow(/Did you mean 'hyperdjango.messages.storage.CookieStorage'/);
});

it('the cookie is signed with SECRET_KEY: another key reads nothing', async () => {
  const c = client();
  await c.get('/add/info/signed/');
  reconfigure({ SECRET_KEY: 'another-secret-key-that-is-long-enough-and-random-9876543210' });
  const storage = new CookieStorage(new RequestClass({ method: 'GET', target: '/', headers: { cookie: `${MESSAGES_COOKIE}=${c.cookies.get(MESSAGES_COOKIE)!}` } } as never));
  expect([...storage]).toEqual([]);
  expect(new HttpResponse('x').status).toBe(200);
});

it("the built-in context processor named in TEMPLATES gives the request's messages and the level names", async () => {
  const request = new RequestClass({ method: 'GET', target: '/', headers: {} } as never);
  const storage = new CookieStorage(request);
  request.messages = storage;
  storage.add(messages.ERROR, 'Broken');
  const context = (await BUILTIN_PROCESSORS['hyperdjango.template.context_processors.messages'](request)) as { messages: Iterable<messages.Message>; DEFAULT_MESSAGE_LEVELS: Record<string, number> };
  expect(context.messages).toBe(storage);
  expect(context.DEFAULT_MESSAGE_LEVELS.ERROR).toBe(40);
  expect([...context.messages].map((m) => `${m.levelTag}:${m.message}`)).toEqual(['error:Broken']);
  expect(storage.used).toBe(true);
});
