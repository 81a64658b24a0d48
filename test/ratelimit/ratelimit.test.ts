// Rate limits on the local-memory cache, over real sockets: exact counts under concurrent
// requests, the 429 with Retry-After and the RateLimit headers (no stack trace with DEBUG
// off), a spoofed X-Forwarded-For ignored unless the peer is a trusted proxy, block: false,
// the method filter, the RATELIMIT_RULES middleware, the sliding window's weighing, and the
// one-line errors for a bad rate, key or rule.
import { caches, createCache } from '../../src/cache';
import { registry } from '../../src/checks/registry';
import { loadedSettings, resetSettings } from '../../src/conf/settings';
import '../../src/ratelimit/checks';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { addressKey, checkRules, clientIp, hitLimit, parseRate, ratelimit } from '../../src/ratelimit';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

let server: LiveServer;
afterEach(async () => {
  await server?.close();
  await caches.closeAll();
  setUrlconf(null);
  resetSettings();
});

function routes() {
  return [
    path('hit/', ratelimit({ rate: '10/m' })(function hitView() {
      return new HttpResponse('ok');
    })),
    path('soft/', ratelimit({ rate: '2/m', block: false })((request: Request) => new HttpResponse(request.limited ? 'limited' : 'fine'))),
    path('posts/', ratelimit({ rate: '1/m', method: 'POST' })(() => new HttpResponse('posted'))),
    path('anon-a/', ratelimit({ rate: '1/m' })(() => new HttpResponse('a'))),
    path('anon-b/', ratelimit({ rate: '1/m' })(() => new HttpResponse('b'))),
    path('ip/', (request: Request) => new JsonResponse({ ip: clientIp(request) })),
    path('api/items/', () => new HttpResponse('items')),
  ];
}

const start = async (values: Record<string, unknown> = {}, middleware: string[] = []) => {
  setupWeb({ DEBUG: false, CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `rl-${Date.now()}-${Math.random()}` } }, ...values });
  setUrlconf(routes());
  server = await startLiveServer({ adapter: 'node', log: () => undefined, middleware });
};

const send = async (target: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}${target}`, init);
  return { status: res.status, body: await res.text(), headers: res.headers };
};

test('30 concurrent requests against 10/m: exactly 10 pass, the rest answer 429 with Retry-After and the RateLimit headers', async () => {
  await start();
  const answers = await Promise.all(Array.from({ length: 30 }, () => send('/hit/')));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect(answers.filter((a) => a.status === 429)).toHaveLength(20);
  const passed = answers.find((a) => a.status === 200)!;
  expect(passed.headers.get('ratelimit-limit')).toBe('10');
  expect(Number(passed.headers.get('ratelimit-remaining'))).toBeLessThan(10);
  const blocked = answers.find((a) => a.status === 429)!;
  expect(blocked.headers.get('ratelimit-limit')).toBe('10');
  expect(blocked.headers.get('ratelimit-remaining')).toBe('0');
  expect(blocked.headers.get('ratelimit-policy')).toBe('10;w=60');
  const reset = Number(blocked.headers.get('ratelimit-reset'));
  expect(reset).toBeGreaterThan(0);
  expect(reset).toBeLessThanOrEqual(60);
  expect(blocked.headers.get('retry-after')).toBe(String(reset));
  expect(blocked.body).toContain('<h1>Too Many Requests</h1>');
  expect(blocked.body).not.toMatch(/at |\.ts|Ratelimited/);
});

test('a spoofed X-Forwarded-For is ignored by default: every address counts as the peer', async () => {
  await start();
  const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => send('/hit/', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect(JSON.parse((await send('/ip/', { headers: { 'x-forwarded-for': '203.0.113.9' } })).body)).toEqual({ ip: '127.0.0.1' });
});

test('behind a trusted proxy, the client is the rightmost untrusted X-Forwarded-For address', async () => {
  await start({ RATELIMIT_TRUSTED_PROXIES: ['127.0.0.0/8', '10.0.0.0/8'] });
  const ip = async (xff: string) => (JSON.parse((await send('/ip/', { headers: { 'x-forwarded-for': xff } })).body) as { ip: string }).ip;
  expect(await ip('198.51.100.7')).toBe('198.51.100.7');
  // What the client wrote on the left (a spoof) is never reached.
  expect(await ip('6.6.6.6, 198.51.100.7, 10.1.2.3')).toBe('198.51.100.7');
  expect(await ip('not-an-ip')).toBe('127.0.0.1');
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send('/hit/', { headers: { 'x-forwarded-for': `203.0.113.${i}` } })));
  expect(answers.every((a) => a.status === 200)).toBe(true);
});

test('an IPv6 client is counted by its /64: other addresses of its block share the limit', async () => {
  expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  expect(addressKey('2001:0db8:0000:0002::9')).toBe('2001:db8:0:2::/64');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
  expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  await start({ RATELIMIT_TRUSTED_PROXIES: ['127.0.0.1'] });
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send('/hit/', { headers: { 'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}` } })));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
  expect((await send('/hit/', { headers: { 'x-forwarded-for': '2001:db8:1:3::1' } })).status).toBe(200);
});

test('RATELIMIT_TRUSTED_PROXIES refuses an entry that is no address or range', async () => {
  await start({ RATELIMIT_TRUSTED_PROXIES: ['10.0.0.0/40'] });
  const res = await send('/ip/');
  expect(res.status).toBe(500);
  expect(res.body).not.toContain('10.0.0.0/40');
});

test('block: false lets the view answer and sets request.limited', async () => {
  await start();
  const bodies = [];
  for (let i = 0; i < 4; i++) bodies.push((await send('/soft/')).body);
  expect(bodies).toEqual(['fine', 'fine', 'limited', 'limited']);
});

test('unnamed views are grouped by their route: they do not share counters', async () => {
  await start();
  expect((await send('/anon-a/')).status).toBe(200);
  expect((await send('/anon-b/')).status).toBe(200);
  expect((await send('/anon-a/')).status).toBe(429);
});

test('method: only the methods named are counted', async () => {
  await start();
  for (let i = 0; i < 3; i++) expect((await send('/posts/')).status).toBe(200);
  expect((await send('/posts/', { method: 'POST' })).status).toBe(200);
  expect((await send('/posts/', { method: 'POST' })).status).toBe(429);
  expect((await send('/posts/')).status).toBe(200);
});

test('RATELIMIT_RULES: the middleware limits by path prefix and method, and RATELIMIT_ENABLE turns it off', async () => {
  await start({ RATELIMIT_RULES: [{ path: '/api/', method: 'POST', rate: '3/m' }] }, ['hyperdjango.middleware.ratelimit']);
  const posts = await Promise.all(Array.from({ length: 8 }, () => send('/api/items/', { method: 'POST' })));
  expect(posts.map((p) => p.status).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
  expect((await send('/api/items/')).status).toBe(200);
  expect((await send('/hit/', { method: 'POST' })).status).toBe(200);
  await server.close();
  await start({ RATELIMIT_ENABLE: false, RATELIMIT_RULES: [{ path: '/api/', method: 'POST', rate: '1/m' }] }, ['hyperdjango.middleware.ratelimit']);
  for (let i = 0; i < 3; i++) expect((await send('/api/items/', { method: 'POST' })).status).toBe(200);
});

test('a malformed rule is refused with its index and what is wrong', async () => {
  await start({ RATELIMIT_RULES: [{ path: '/api/', rate: 'five a minute' }] }, ['hyperdjango.middleware.ratelimit']);
  const res = await send('/api/items/');
  expect(res.status).toBe(500);
  expect(res.body).not.toContain('five a minute');
  expect(() => checkRules([{ path: '/api/', rate: 'five a minute' }])).toThrow("RATELIMIT_RULES[0].rate 'five a minute' is not a rate: write a count, '/', and a period of s, m, h or d, as '5/m', '100/h', '10/s' or '10/5m'.");
  expect(() => checkRules([{ path: 'api', rate: '1/m' }])).toThrow("RATELIMIT_RULES[0] needs a path prefix starting with '/', as '/api/'.");
  expect(() => checkRules([{ path: '/', rate: '1/m', burst: 3 } as never])).toThrow('RATELIMIT_RULES[0] has unknown key burst');
});

test('parseRate reads counts per s, m, h, d and multiples; anything else is a one-line error with a code', () => {
  expect(parseRate('5/m')).toMatchObject({ limit: 5, window: 60 });
  expect(parseRate('100/h')).toMatchObject({ limit: 100, window: 3600 });
  expect(parseRate('10/s')).toMatchObject({ limit: 10, window: 1 });
  expect(parseRate('10/5m')).toMatchObject({ limit: 10, window: 300 });
  expect(parseRate('1000/d')).toMatchObject({ limit: 1000, window: 86400 });
  for (const bad of ['5', '5/minute', '0/m', '-1/m', '5/0m', '', 5]) {
    expect(() => parseRate(bad)).toThrow(expect.objectContaining({ code: 'HYPER_RATELIMIT_BAD_RATE' }));
  }
});

test('a key that is no known kind is refused, naming the kinds', async () => {
  setupWeb({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `rl-key-${Math.random()}` } } });
  await expect(hitLimit({} as Request, { group: 'g', rate: '1/m', key: 'cookie:x' })).rejects.toThrow("Rate limit key 'cookie:x' is not one of 'ip', 'user', 'user_or_ip'");
});

describe('the sliding window', () => {
  afterEach(() => jest.restoreAllMocks());

  test('weighs the previous window by how much of it still overlaps', async () => {
    setupWeb({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `rl-sliding-${Math.random()}` } } });
    const windowStart = Math.floor(Date.now() / 60000) * 60000 + 10 * 60000;
    const now = jest.spyOn(Date, 'now');
    const hit = async () => hitLimit({} as Request, { group: 'sliding', rate: '4/m', algorithm: 'sliding', key: () => 'k' });
    // Four hits early in one window: all allowed, the fifth is not.
    now.mockReturnValue(windowStart + 6000);
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await hit())!.limited);
    expect(first).toEqual([false, false, false, false, true]);
    // Halfway into the next window the previous five weigh 2.5: one more is allowed (3.5), not two.
    now.mockReturnValue(windowStart + 60000 + 30000);
    const second = await hit();
    expect(second).toMatchObject({ limited: false, remaining: 0 });
    const third = await hit();
    expect(third!.limited).toBe(true);
    expect(third!.retryAfter).toBeGreaterThan(0);
    expect(third!.retryAfter).toBeLessThanOrEqual(60);
  });
});

test('the dummy cache never limits; a counter on local memory counts exactly under 200 concurrent hits', async () => {
  const dummy = createCache('dummy', { BACKEND: 'hyperdjango.cache.DummyCache' });
  expect((await dummy.hit('k', 1000)).count).toBe(1);
  const mem = createCache('mem', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `hits-${Math.random()}` });
  const counts = await Promise.all(Array.from({ length: 200 }, () => mem.hit('k', 60000)));
  expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  await expect(mem.hit('k', 0)).rejects.toThrow('hit() takes a positive life in milliseconds, got 0.');
});

describe('the checks', () => {
  const run = async () => registry.runChecks({ settings: loadedSettings(), tags: ['caches'] });

  test('find an unknown cache alias, a bad rule or rate, a bad proxy, and rules with no middleware', async () => {
    setupWeb({
      RATELIMIT_USE_CACHE: 'limits',
      RATELIMIT_RULES: [{ path: '/api/', rate: '5/minute' }],
      RATELIMIT_LOGIN: 'lots',
      RATELIMIT_TRUSTED_PROXIES: ['proxy.internal'],
      MIDDLEWARE: [],
    });
    const messages = (await run()).filter((m) => m.id?.startsWith('ratelimit.'));
    expect(messages.map((m) => [m.id, m.obj])).toEqual([
      ['ratelimit.E001', 'RATELIMIT_USE_CACHE'],
      ['ratelimit.E002', 'RATELIMIT_RULES'],
      ['ratelimit.E002', 'RATELIMIT_LOGIN'],
      ['ratelimit.E003', 'RATELIMIT_TRUSTED_PROXIES'],
      ['ratelimit.W001', 'MIDDLEWARE'],
    ]);
    expect(messages[0].msg).toBe("RATELIMIT_USE_CACHE 'limits' is not an alias of CACHES (default).");
    expect(messages[2].msg).toContain("RATELIMIT_LOGIN 'lots' is not a rate");
  });

  test('say nothing of the defaults', async () => {
    setupWeb({});
    expect((await run()).filter((m) => m.id?.startsWith('ratelimit.'))).toEqual([]);
  });
});
