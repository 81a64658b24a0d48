import { resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http';
import type { Middleware } from '../../src/http';
import { setUrlconf } from '../../src/urls';
import { Client } from '../../src/test-client';
import { order, setupWeb } from './support';

const quiet = () => undefined;

afterEach(() => {
  setUrlconf(null);
  resetSettings();
});

test('a JSON view: dates, bigints and HTML-unsafe characters serialized safely', async () => {
  setupWeb();
  const res = await new Client({ log: quiet }).get('/hello/');
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('application/json');
  expect(res.text).toContain('\\u003cscript\\u003e');
  expect(res.json()).toEqual({ hello: 'world', when: '2024-01-02T03:04:05.000Z', big: '10', path: '/hello/', html: '<script>' });
});

test('class-based view: dispatch by method, params, repeated query keys, 405 with Allow, OPTIONS', async () => {
  setupWeb();
  const client = new Client({ log: quiet });
  expect((await client.get('/items/5/', { query: { q: ['a', 'b'] } })).json()).toEqual({ id: 5, q: ['a', 'b'] });
  expect((await client.json('POST', '/items/5/', { x: 1 })).json()).toEqual({ got: { x: 1 } });
  const notAllowed = await client.delete('/items/5/');
  expect(notAllowed.status).toBe(405);
  expect(notAllowed.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
  const options = await client.options('/items/5/');
  expect(options.status).toBe(200);
  expect(options.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
});

test('malformed JSON is a 400 naming the parse position; an oversized body is a 413', async () => {
  setupWeb({ DATA_UPLOAD_MAX_MEMORY_SIZE: 100 });
  const client = new Client({ log: quiet });
  const bad = await client.post('/echo/', '{"a": 1,,}', { contentType: 'application/json' });
  expect(bad.status).toBe(400);
  expect(bad.text).toMatch(/Invalid JSON in the request body: .*position 8/);
  const big = await client.json('POST', '/echo/', { s: 'x'.repeat(200) });
  expect(big.status).toBe(413);
  expect(big.text).not.toContain('DATA_UPLOAD');
});

test('disallowed and malformed hosts get 400 and a warning; allowed ones work; absolute URIs', async () => {
  setupWeb({ SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'] });
  const logs: string[] = [];
  const client = new Client({ log: (level, message) => logs.push(`${level} ${message}`) });
  expect((await client.get('/host/', { headers: { host: 'evil.com' } })).status).toBe(400);
  expect((await client.get('/host/', { headers: { host: 'bad host!' } })).status).toBe(400);
  expect(logs.join('\n')).toMatch(/warning DisallowedHost: Invalid HTTP_HOST header: 'evil.com'/);
  const ok = await client.get('/host/', { headers: { host: 'example.com:8000', 'x-forwarded-proto': 'https' } });
  expect(ok.text).toBe('example.com:8000 true https://example.com:8000/x/');
});

test.each([true, false])('errors with DEBUG=%s: 404, 403, 400, 500 and a view without a response', async (debug) => {
  setupWeb({ DEBUG: debug });
  const logs: string[] = [];
  const client = new Client({ log: (level, message, error) => logs.push(`${level} ${message} ${error instanceof Error ? error.message : ''}`) });
  const notFound = await client.get('/nowhere/');
  expect(notFound.status).toBe(404);
  const missing = await client.get('/missing/');
  expect(missing.status).toBe(404);
  expect((await client.get('/denied/')).status).toBe(403);
  expect((await client.get('/suspicious/')).status).toBe(400);
  const boom = await client.get('/boom/');
  expect(boom.status).toBe(500);
  const nothing = await client.get('/nothing/');
  expect(nothing.status).toBe(500);
  expect(logs.some((l) => l.startsWith('error Internal Server Error: /boom/ secret-internal-detail'))).toBe(true);
  if (debug) {
    expect(notFound.text).toContain('hello/');
    expect(notFound.text).toContain('items/&lt;int:id&gt;/');
    expect(boom.text).toContain('secret-internal-detail kaboom');
    expect(boom.text).toContain('support.ts');
    expect(boom.text).toContain('throw new Error(&#39;secret-internal-detail kaboom&#39;)');
    expect(boom.text).toMatch(/SECRET_KEY<\/th><td>\*+/);
    expect(nothing.text).toContain("didn&#39;t return a response");
  } else {
    for (const res of [notFound, missing, boom, nothing]) {
      expect(res.text).not.toMatch(/kaboom|support\.ts|at .*:\d+:\d+|items\/|no such thing|SECRET_KEY/);
    }
    expect(boom.text).toContain('Server Error (500)');
    expect(notFound.text).toContain('Not Found');
  }
});

test('DEBUG off uses the project 404.html and 500.html', async () => {
  setupWeb({ DEBUG: false }, { '404.html': 'custom 404 for {{ requestPath }}', '500.html': 'custom 500' });
  const client = new Client({ log: quiet });
  const res = await client.get('/x<y/');
  expect(res.status).toBe(404);
  expect(res.text).toBe('custom 404 for /x&lt;y/');
  expect((await client.get('/boom/')).text).toBe('custom 500');
});

test('middleware run in onion order; an exception inside becomes a response outer layers see', async () => {
  const named = (name: string): Middleware => (next) => async (request) => {
    order.push(`${name}:in`);
    const response = await next(request);
    order.push(`${name}:out:${response.status}`);
    response.headers.append('x-chain', name);
    return response;
  };
  const failing: Middleware = () => () => {
    throw new Error('middleware failure');
  };
  setupWeb();
  order.length = 0;
  const client = new Client({ middleware: [named('outer'), named('inner')], log: quiet });
  const res = await client.get('/order/');
  expect(order).toEqual(['outer:in', 'inner:in', 'view', 'inner:out:200', 'outer:out:200']);
  expect(res.headers.get('x-chain')).toBe('inner, outer');
  order.length = 0;
  const failed = await new Client({ middleware: [named('outer'), failing], log: quiet }).get('/order/');
  expect(failed.status).toBe(500);
  expect(order).toEqual(['outer:in', 'outer:out:500']);
  const short: Middleware = () => () => new HttpResponse('short-circuit', { status: 418 });
  expect((await new Client({ middleware: [short], log: quiet }).get('/order/')).status).toBe(418);
  expect(() => new Client({ middleware: ['hyperdjango.middleware.securty'] })).toThrow(/hyperdjango.middleware.security/);
});

test('cookies: secure defaults, the client jar, deletion', async () => {
  setupWeb();
  const client = new Client({ log: quiet });
  const set = await client.get('/cookie/');
  const line = set.headers.getAll('set-cookie')[0];
  expect(line).toMatch(/^flavour=choc%20chip; Max-Age=60; Expires=.*; Path=\/; HttpOnly; SameSite=Lax$/);
  expect((await client.get('/read-cookie/')).text).toBe('choc chip');
  await client.get('/del-cookie/');
  expect((await client.get('/read-cookie/')).text).toBe('none');
});

test('redirects: to a URL name, permanent, followed by the client', async () => {
  setupWeb();
  const client = new Client({ log: quiet });
  const res = await client.get('/go/');
  expect(res.status).toBe(302);
  expect(res.url).toBe('/hello/');
  expect((await client.get('/go-permanent/')).status).toBe(301);
  const followed = await client.get('/go/', { follow: true });
  expect(followed.status).toBe(200);
  expect(followed.redirectChain).toEqual([['/hello/', 302]]);
});

test('streaming and Server-Sent Events', async () => {
  setupWeb();
  const client = new Client({ log: quiet });
  expect((await client.get('/stream/')).text).toBe('chunk0;chunk1;chunk2;');
  const events = await client.get('/events/');
  expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(events.text).toBe('event: tick\nid: 1\ndata: {"n":1}\n\ndata: plain\ndata: line\n\n');
});

test('FileResponse: ETag, Last-Modified, 304, ranges, 416, attachments', async () => {
  setupWeb();
  const client = new Client({ log: quiet });
  const full = await client.get('/file/');
  expect(full.text).toBe('0123456789abcdefghij');
  expect(full.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  const etag = full.headers.get('etag')!;
  expect(etag).toMatch(/^W\/"/);
  expect((await client.get('/file/', { headers: { 'if-none-match': etag } })).status).toBe(304);
  expect((await client.get('/file/', { headers: { 'if-modified-since': full.headers.get('last-modified')! } })).status).toBe(304);
  const part = await client.get('/file/', { headers: { range: 'bytes=2-5' } });
  expect(part.status).toBe(206);
  expect(part.text).toBe('2345');
  expect(part.headers.get('content-range')).toBe('bytes 2-5/20');
  expect((await client.get('/file/', { headers: { range: 'bytes=-3' } })).text).toBe('hij');
  expect((await client.get('/file/', { headers: { range: 'bytes=50-' } })).status).toBe(416);
  const dl = await client.get('/download/');
  expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`);
});
