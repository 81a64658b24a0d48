// Production static serving over real sockets: the same bytes against the native
// server answering from its own table, the native server leaving it to JS, and
// the node:http adapter.
import * as zlib from 'node:zlib';
import { RawClient, header, type ParsedResponse } from '../server/support/raw-client';
import { adapters } from '../server/support/test-server';
import { createServer } from '../../src/server/create-server';
import type { HyperServer } from '../../src/server/server-options';
import type { StaticMount } from '../../src/server/static-mount';
import { StaticFileTable } from '../../src/static/serve/file-table';
import { StaticFilesMount } from '../../src/static/serve/static-files-mount';
import { negotiateEncoding } from '../../src/http/accept-encoding';
import { BIG, CSS, CSS_GZ, HASHED, PLAIN, SECRET, TRAVERSALS, type StaticFixture, makeStaticRoot } from './serve-fixture';

type Variant = 'native table' | 'native, JS answers' | 'node';
const variants: Variant[] = adapters.includes('native') ? ['native table', 'native, JS answers', 'node'] : ['node'];

let fixture: StaticFixture;
beforeAll(() => {
  fixture = makeStaticRoot();
});
afterAll(() => fixture.remove());

describe.each(variants)('%s', (variant) => {
  let server: HyperServer;
  let port: number;
  const refused: string[] = [];
  let jsAnswers = 0;
  beforeAll(async () => {
    const table = await StaticFileTable.load(fixture.root, { prefix: '/static/', maxAge: 60, extraHeaders: [['X-Content-Type-Options', 'nosniff']] });
    const full = new StaticFilesMount(table, { onRefused: (path, reason) => refused.push(`${path} ${reason}`) });
    const serve: StaticMount['serve'] = (req, res) => {
      jsAnswers++;
      return full.serve(req, res);
    };
    const mount: StaticMount = variant === 'native, JS answers' ? { prefix: full.prefix, serve } : { prefix: full.prefix, serve, nativeEntries: full.nativeEntries };
    server = createServer({
      adapter: variant === 'node' ? 'node' : 'native',
      staticMount: mount,
      handler: (req, res) => res.send(200, { 'content-type': 'text/plain' }, `app ${req.path}`),
    });
    ({ port } = await server.listen({ port: 0 }));
  });
  afterAll(() => server.close({ deadline: 50 }));

  async function get(path: string, extra: Record<string, string> = {}, method = 'GET'): Promise<ParsedResponse> {
    const c = await RawClient.connect(port);
    const lines = Object.entries(extra).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    c.write(`${method} ${path} HTTP/1.1\r\nHost: t\r\n${lines}\r\n`);
    const res = await c.readResponse({ head: method === 'HEAD' });
    c.destroy();
    return res;
  }

  test('a hashed file: 200, its bytes, immutable caching, a strong ETag from the name', async () => {
    const res = await get(`/static/${HASHED}`);
    expect(res.status).toBe(200);
    expect(res.body.equals(CSS)).toBe(true);
    expect(header(res, 'content-type')).toBe('text/css; charset=utf-8');
    expect(header(res, 'cache-control')).toBe('public, max-age=31536000, immutable');
    expect(header(res, 'etag')).toBe('"0123456789ab"');
    expect(header(res, 'vary')).toBe('Accept-Encoding');
    expect(header(res, 'content-encoding')).toBeUndefined();
    expect(header(res, 'content-length')).toBe(String(CSS.length));
    expect(header(res, 'x-content-type-options')).toBe('nosniff');
  });

  test('the native table answers plain GETs, HEADs and exact If-None-Match without JS', async () => {
    const before = jsAnswers;
    await get(`/static/${HASHED}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    await get(`/static/${HASHED}`, {}, 'HEAD');
    await get(`/static/${HASHED}`, { 'If-None-Match': '"0123456789ab"' });
    await get('/static/plain.txt');
    expect(jsAnswers - before).toBe(variant === 'native table' ? 0 : 4);
  });

  test('a name without a hash gets a short max-age and a content ETag', async () => {
    const res = await get('/static/plain.txt');
    expect(res.status).toBe(200);
    expect(res.body.equals(PLAIN)).toBe(true);
    expect(header(res, 'cache-control')).toBe('public, max-age=60');
    expect(header(res, 'etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(header(res, 'vary')).toBeUndefined(); // its .gz sibling points outside the root: ignored
  });

  test('the application still answers everything outside STATIC_URL; a query string is ignored', async () => {
    expect((await get('/other/')).body.toString()).toBe('app /other/');
    expect((await get('/staticx')).body.toString()).toBe('app /staticx');
    expect((await get(`/static/${HASHED}?v=2`)).body.equals(CSS)).toBe(true);
    expect((await get('/static/a%20b.txt')).body.toString()).toBe('space');
  });

  test.each(TRAVERSALS)('refuses %s with a plain 404', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain(SECRET);
    expect(res.body.toString()).not.toMatch(/at .*\(|Error/);
  });

  test('a symlink inside the root is served; misses are 404 without reaching the app', async () => {
    const res = await get('/static/link-in.css');
    expect(res.status).toBe(200);
    expect(res.body.equals(CSS)).toBe(true);
    const miss = await get('/static/css/nope.css');
    expect(miss.status).toBe(404);
    expect(miss.body.toString()).toBe('Not Found');
    expect(refused.length).toBeGreaterThan(0);
  });

  test('If-None-Match and If-Modified-Since answer 304 with the validators and no body', async () => {
    const first = await get('/static/plain.txt');
    const etag = header(first, 'etag')!;
    const inm = await get('/static/plain.txt', { 'If-None-Match': etag });
    expect(inm.status).toBe(304);
    expect(header(inm, 'etag')).toBe(etag);
    expect(header(inm, 'cache-control')).toBe('public, max-age=60');
    expect(inm.raw.endsWith('\r\n\r\n')).toBe(true);
    expect((await get('/static/plain.txt', { 'If-None-Match': `"x", W/${etag}` })).status).toBe(304);
    expect((await get('/static/plain.txt', { 'If-None-Match': '"other"' })).status).toBe(200);
    const later = new Date(Date.now() + 60_000).toUTCString();
    expect((await get('/static/plain.txt', { 'If-Modified-Since': later })).status).toBe(304);
    expect((await get('/static/plain.txt', { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await get('/static/plain.txt', { 'If-None-Match': '"other"', 'If-Modified-Since': later })).status).toBe(200);
  });

  test('br is preferred, gzip next, identity on q=0 or without a variant, always with Vary', async () => {
    const br = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(header(br, 'content-encoding')).toBe('br');
    expect(header(br, 'etag')).toBe('"0123456789ab-br"');
    expect(zlib.brotliDecompressSync(br.body).equals(CSS)).toBe(true);
    const gz = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'gzip, br;q=0' });
    expect(header(gz, 'content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(CSS)).toBe(true);
    expect(header(gz, 'vary')).toBe('Accept-Encoding');
    const rated = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'br;q=0.5, gzip;q=0.9' });
    expect(header(rated, 'content-encoding')).toBe('gzip');
    const none = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(header(none, 'content-encoding')).toBeUndefined();
    expect(none.body.equals(CSS)).toBe(true);
    expect(header(none, 'vary')).toBe('Accept-Encoding');
    const star = await get(`/static/${HASHED}`, { 'Accept-Encoding': '*' });
    expect(header(star, 'content-encoding')).toBe('br');
    const jsOnlyGzip = await get('/static/js/app.0123456789ab.js', { 'Accept-Encoding': 'br, gzip' });
    expect(header(jsOnlyGzip, 'content-encoding')).toBe('gzip');
    const plain = await get('/static/plain.txt', { 'Accept-Encoding': 'gzip' });
    expect(header(plain, 'content-encoding')).toBeUndefined();
    const odd = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'gzip;q=0.8;x=1, br ; q=0.7' });
    expect(header(odd, 'content-encoding')).toBe('gzip');
    const inm = await get(`/static/${HASHED}`, { 'Accept-Encoding': 'br', 'If-None-Match': '"0123456789ab-br"' });
    expect(inm.status).toBe(304);
    expect(header(inm, 'vary')).toBe('Accept-Encoding');
  });

  // The native table parses these itself or leaves them to JS; either way the TS rules decide.
  test.each(['gzip, deflate, br', 'br;q=1.000, gzip', 'BR;Q=0.5, gzip;q=0.6', 'gzip;q=1, br;q=1', 'br;q=0.', 'gzip ; q=0.2 , br;q=0.1',
    '*;q=0.3, gzip;q=0.2', 'x-gzip', 'br;q=1.5, gzip', 'br;q=, gzip', 'br;level=1, gzip;q=0.5', ',,br,,', 'gzip\tdeflate', 'identity;q=0', 'br;q=0.0001, gzip;q=0.1'])(
    'Accept-Encoding %j is negotiated as the TS rules say', async (value) => {
      const res = await get(`/static/${HASHED}`, { 'Accept-Encoding': value });
      expect(header(res, 'content-encoding') ?? 'identity').toBe(negotiateEncoding(value, { br: true, gzip: true }));
    },
  );

  test('Range: 206 with Content-Range, suffix ranges, 416, identity only', async () => {
    const part = await get(`/static/${HASHED}`, { Range: 'bytes=10-19', 'Accept-Encoding': 'br, gzip' });
    expect(part.status).toBe(206);
    expect(header(part, 'content-range')).toBe(`bytes 10-19/${CSS.length}`);
    expect(header(part, 'content-encoding')).toBeUndefined();
    expect(part.body.equals(CSS.subarray(10, 20))).toBe(true);
    const suffix = await get('/static/big.bin', { Range: 'bytes=-100' });
    expect(suffix.status).toBe(206);
    expect(suffix.body.equals(BIG.subarray(BIG.length - 100))).toBe(true);
    const open = await get('/static/big.bin', { Range: `bytes=${BIG.length - 5}-` });
    expect(open.body.equals(BIG.subarray(BIG.length - 5))).toBe(true);
    const bad = await get('/static/plain.txt', { Range: `bytes=${PLAIN.length}-` });
    expect(bad.status).toBe(416);
    expect(header(bad, 'content-range')).toBe(`bytes */${PLAIN.length}`);
    const stale = await get('/static/plain.txt', { Range: 'bytes=0-1', 'If-Range': '"old"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(PLAIN)).toBe(true);
  });

  test('a large file is sent whole from disk', async () => {
    const res = await get('/static/big.bin');
    expect(res.status).toBe(200);
    expect(res.body.equals(BIG)).toBe(true);
    expect(header(res, 'content-type')).toBe('application/octet-stream');
  });

  test('HEAD has the headers of GET and no body; POST is 405 with Allow', async () => {
    const c = await RawClient.connect(port);
    c.write(`HEAD /static/${HASHED} HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\nGET /static/plain.txt HTTP/1.1\r\nHost: t\r\n\r\n`);
    const head = await c.readResponse({ head: true });
    expect(head.status).toBe(200);
    expect(header(head, 'content-encoding')).toBe('gzip');
    expect(header(head, 'content-length')).toBe(String(CSS_GZ.length));
    const next = await c.readResponse();
    expect(next.body.equals(PLAIN)).toBe(true); // nothing of the HEAD body leaked into the stream
    c.destroy();
    const post = await get(`/static/${HASHED}`, {}, 'POST');
    expect(post.status).toBe(405);
    expect(header(post, 'allow')).toBe('GET, HEAD');
  });
});
