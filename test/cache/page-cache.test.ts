// Whole pages in the cache over real sockets: cachePage() and the middleware pair store a
// 200 once and answer from the cache after, vary on the headers the response names, keep
// an ETag for If-None-Match, and never store private, no-store or cookie-setting
// responses, nor POSTs; a cache that cannot be reached leaves the site serving.
import { caches, cachePage } from '../../src/cache';
import { resetSettings } from '../../src/conf/settings';
import { HttpResponse, type Request } from '../../src/http';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

let calls: Record<string, number> = {};
const counted = (name: string, make: (request: Request) => HttpResponse) => (request: Request) => {
  calls[name] = (calls[name] ?? 0) + 1;
  return make(request);
};

function routes() {
  return [
    path('page/', cachePage(60)(counted('page', () => new HttpResponse(`page ${calls.page}`)))),
    path('vary/', cachePage(60)(counted('vary', (r) => new HttpResponse(`lang ${r.headers.get('accept-language') ?? '-'} ${calls.vary}`, { headers: { vary: 'Accept-Language' } })))),
    path('private/', cachePage(60)(counted('private', () => new HttpResponse('mine', { headers: { 'cache-control': 'private' } })))),
    path('nostore/', cachePage(60)(counted('nostore', () => new HttpResponse('fresh', { headers: { 'cache-control': 'no-store' } })))),
    path('cookie/', cachePage(60)(counted('cookie', () => new HttpResponse('hello').setCookie('visitor', 'abc')))),
    path('site/', counted('site', () => new HttpResponse(`site ${calls.site}`))),
  ];
}

async function get(server: LiveServer, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${server.url}${target}`, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

let server: LiveServer;
afterEach(async () => {
  await server?.close();
  await caches.closeAll();
  setUrlconf(null);
  resetSettings();
});
beforeEach(() => {
  calls = {};
});

const start = async (values: Record<string, unknown> = {}, middleware: string[] = []) => {
  setupWeb({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `pages-${Date.now()}-${Math.random()}` } }, ...values });
  setUrlconf(routes());
  server = await startLiveServer({ adapter: 'node', log: () => undefined, middleware });
};

test('cachePage stores a page once, with max-age, Expires and an ETag that If-None-Match meets with 304', async () => {
  await start();
  const first = await get(server, '/page/');
  expect(first).toMatchObject({ status: 200, body: 'page 1' });
  expect(first.headers.get('cache-control')).toBe('max-age=60');
  expect(first.headers.get('expires')).toMatch(/GMT$/);
  const second = await get(server, '/page/');
  expect(second.body).toBe('page 1');
  expect(calls.page).toBe(1);
  const etag = second.headers.get('etag')!;
  expect(etag).toMatch(/^".+"$/);
  expect((await get(server, '/page/', { 'if-none-match': etag })).status).toBe(304);
  expect((await get(server, '/page/?other=1')).body).toBe('page 2');
});

test('varies on the request headers the response names in Vary', async () => {
  await start();
  expect((await get(server, '/vary/', { 'accept-language': 'fr' })).body).toBe('lang fr 1');
  expect((await get(server, '/vary/', { 'accept-language': 'de' })).body).toBe('lang de 2');
  expect((await get(server, '/vary/', { 'accept-language': 'fr' })).body).toBe('lang fr 1');
  expect(calls.vary).toBe(2);
});

test('never stores private, no-store or cookie-setting responses, nor answers a POST from the cache', async () => {
  await start();
  for (let i = 0; i < 2; i++) {
    await get(server, '/private/');
    await get(server, '/nostore/');
    const cookie = await get(server, '/cookie/');
    expect(cookie.headers.get('set-cookie')).toMatch(/^visitor=abc/);
    await fetch(`${server.url}/page/`, { method: 'POST' }).then((r) => r.text());
  }
  expect(calls).toEqual({ private: 2, nostore: 2, cookie: 2, page: 2 });
});

test('the middleware pair caches the whole site for CACHE_MIDDLEWARE_SECONDS', async () => {
  await start({ CACHE_MIDDLEWARE_SECONDS: 30 }, ['hyperdjango.middleware.cache.UpdateCacheMiddleware', 'hyperdjango.middleware.cache.FetchFromCacheMiddleware']);
  expect((await get(server, '/site/')).body).toBe('site 1');
  const again = await get(server, '/site/');
  expect(again.body).toBe('site 1');
  expect(again.headers.get('cache-control')).toBe('max-age=30');
  expect(calls.site).toBe(1);
});

test('a cache that cannot be reached leaves the pages served, uncached, with one warning', async () => {
  await start({ CACHES: { default: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 200 } } } });
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
  try {
    expect(await get(server, '/page/')).toMatchObject({ status: 200, body: 'page 1' });
    expect(await get(server, '/page/')).toMatchObject({ status: 200, body: 'page 2' });
  } finally {
    spy.mockRestore();
  }
  expect(writes.filter((line) => line.includes('cannot reach Redis'))).toHaveLength(1);
});
