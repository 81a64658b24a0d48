// A new project's MIDDLEWARE (read from the startproject scaffold) on requests that
// carry no cookie, as a first visit or an API client: no session or user work unless
// the view reads them (Django's lazy request.session / request.user), so the answer
// stays synchronous, with no Vary: Cookie; reading request.user, or the session, is
// what adds it. With a session cookie the session is loaded as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpResponse, JsonResponse, Request, WebHandler, type RawRequest } from '../../src/http';
import { BaseResponse } from '../../src/http/response';
import { Client } from '../../src/test-client';
import { path as route, setUrlconf } from '../../src/urls';
import { useAuthDatabase } from '../auth/support';

const scaffold = fs.readFileSync(path.join(__dirname, '..', '..', 'scaffolds', 'project', 'settings.ts.tpl'), 'utf8');
const listed = (setting: string) => [...new RegExp(`${setting}: \\[([^\\]]*)\\]`).exec(scaffold)![1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const MIDDLEWARE = listed('MIDDLEWARE');
// The framework apps the scaffold installs, so each middleware finds its app.
const FRAMEWORK_APPS = listed('INSTALLED_APPS').filter((app) => app.startsWith('hyperdjango.'));

useAuthDatabase('postgres', { ALLOWED_HOSTS: ['testserver'], MIDDLEWARE }, FRAMEWORK_APPS);

beforeAll(() => {
  setUrlconf([
    route('plain/', () => new JsonResponse({ ok: true })),
    route('who/', (request: Request) => new HttpResponse(request.user.isAnonymous ? 'anonymous' : String(request.user.username))),
    route('put/', (request: Request) => {
      request.session.set('cart', 'apples');
      return new HttpResponse('put');
    }),
    route('get/', (request: Request) => new HttpResponse(String(request.session.get('cart', 'none')))),
  ]);
});
afterAll(() => setUrlconf(null));

function raw(target: string, headers: Record<string, string> = {}): RawRequest {
  const all = { host: 'testserver', ...headers };
  return { method: 'GET', target, headers: all, body: null, remoteAddress: '127.0.0.1', stream: () => { throw new Error('no body'); } };
}

test('the scaffold lists sessions, csrf and auth (what this suite is about)', () => {
  expect(MIDDLEWARE).toEqual(expect.arrayContaining(['hyperdjango.sessions.middleware', 'hyperdjango.middleware.csrf', 'hyperdjango.auth.middleware']));
});

test('no cookie, a view that reads neither session nor user: a synchronous answer, no Vary, no cookie, the default headers', () => {
  const handler = new WebHandler({ log: () => {} });
  const request = new Request(raw('/plain/'), handler.config);
  const response = handler.handle(request);
  expect(response).toBeInstanceOf(BaseResponse); // not a promise: no session or user was loaded
  const headers = (response as BaseResponse).headers;
  expect(headers.get('vary')).toBeUndefined();
  expect(headers.get('set-cookie')).toBeUndefined();
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('same-origin');
});

test('no cookie, the view reads request.user: AnonymousUser, still synchronous, Vary: Cookie, no cookie set', () => {
  const handler = new WebHandler({ log: () => {} });
  const request = new Request(raw('/who/'), handler.config);
  const response = handler.handle(request) as HttpResponse;
  expect(response).toBeInstanceOf(HttpResponse);
  expect(response.text).toBe('anonymous');
  expect(response.headers.get('vary')).toBe('Cookie');
  expect(response.headers.get('set-cookie')).toBeUndefined();
});

test('no cookie, the view writes the session: saved, cookie set; the next request reads it back', async () => {
  const client = new Client();
  const put = await client.get('/put/');
  expect(put.status).toBe(200);
  expect(put.headers.get('vary')).toBe('Cookie');
  expect(client.cookies.get('sessionid')).toMatch(/^[a-z0-9]{32}$/);
  const got = await client.get('/get/');
  expect(got.text).toBe('apples');
  expect(got.headers.get('vary')).toBe('Cookie');
  // A session cookie but a view that reads neither: the session is loaded, nothing more.
  const plain = await client.get('/plain/');
  expect(plain.headers.get('vary')).toBeUndefined();
  expect(plain.headers.get('set-cookie')).toBeUndefined();
  // request.user of a session without a user id is made when read, and counts as a read.
  const who = await client.get('/who/');
  expect(who.text).toBe('anonymous');
  expect(who.headers.get('vary')).toBe('Cookie');
});
