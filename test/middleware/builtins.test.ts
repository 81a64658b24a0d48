import * as zlib from 'node:zlib';
import { resetSettings } from '../../src/conf/settings';
import { setUrlconf } from '../../src/urls';
import { Client } from '../../src/test-client';
import { setupWeb } from '../http/support';

const quiet = () => undefined;
const client = (middleware: string[]) => new Client({ middleware, log: quiet });

afterEach(() => {
  setUrlconf(null);
  resetSettings();
});

test('security: HSTS on secure requests only, nosniff, referrer policy, COOP, SSL redirect with exemptions', async () => {
  setupWeb({ SECURE_HSTS_SECONDS: 3600, SECURE_HSTS_INCLUDE_SUBDOMAINS: true, SECURE_HSTS_PRELOAD: true, SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'], SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^hello/$'] });
  const c = client(['hyperdjango.middleware.security']);
  const plain = await c.get('/items/1/');
  expect(plain.status).toBe(301);
  expect(plain.url).toBe('https://testserver/items/1/');
  const exempt = await c.get('/hello/');
  expect(exempt.status).toBe(200);
  expect(exempt.headers.get('strict-transport-security')).toBeUndefined();
  expect(exempt.headers.get('x-content-type-options')).toBe('nosniff');
  expect(exempt.headers.get('referrer-policy')).toBe('same-origin');
  expect(exempt.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  const secure = await c.get('/items/1/', { secure: true });
  expect(secure.status).toBe(200);
  expect(secure.headers.get('strict-transport-security')).toBe('max-age=3600; includeSubDomains; preload');
});

test('common: APPEND_SLASH only when the slashed path exists; off when disabled', async () => {
  setupWeb();
  const c = client(['hyperdjango.middleware.common']);
  const r = await c.get('/items/4', { query: { a: '1' } });
  expect(r.status).toBe(301);
  expect(r.url).toBe('/items/4/?a=1');
  expect((await c.get('/nothing-here')).status).toBe(404);
  expect((await c.post('/echo', { a: '1' })).status).toBe(308);
  setupWeb({ APPEND_SLASH: false });
  expect((await client(['hyperdjango.middleware.common']).get('/items/4')).status).toBe(404);
});

test('compression: brotli preferred, gzip otherwise, small bodies and unknown encodings untouched, Vary set', async () => {
  setupWeb({ GZIP_MIN_LENGTH: 10 });
  const c = client(['hyperdjango.middleware.gzip']);
  const br = await c.get('/big/', { headers: { 'accept-encoding': 'gzip, br' } });
  expect(br.headers.get('content-encoding')).toBe('br');
  expect(JSON.parse(zlib.brotliDecompressSync(br.content).toString()).words).toContain('lorem');
  const gz = await c.get('/big/', { headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(gz.content.length).toBeLessThan(300);
  expect(JSON.parse(zlib.gunzipSync(gz.content).toString()).words).toContain('lorem');
  expect(gz.headers.get('vary')).toBe('Accept-Encoding');
  const rated = await c.get('/big/', { headers: { 'accept-encoding': 'gzip;q=1, br;q=0.5' } });
  expect(rated.headers.get('content-encoding')).toBe('gzip');
  const refused = await c.get('/big/', { headers: { 'accept-encoding': 'br;q=0, gzip' } });
  expect(refused.headers.get('content-encoding')).toBe('gzip');
  const none = await c.get('/big/', { headers: { 'accept-encoding': 'identity' } });
  expect(none.headers.get('content-encoding')).toBeUndefined();
  const stream = await c.get('/stream/', { headers: { 'accept-encoding': 'gzip' } });
  expect(zlib.gunzipSync(stream.content).toString()).toBe('chunk0;chunk1;chunk2;');
});

test('CORS: preflight for allowed origins, refusal for others, credentials never with all origins', async () => {
  setupWeb({ CORS_ALLOWED_ORIGINS: ['https://app.example'], CORS_ALLOW_CREDENTIALS: true });
  const c = client(['hyperdjango.middleware.cors']);
  const pre = await c.options('/hello/', { headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
  expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
  expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
  const other = await c.get('/hello/', { headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeUndefined();
  expect(other.headers.get('vary')).toBe('Origin');
  setupWeb({ CORS_ALLOW_ALL_ORIGINS: true, CORS_ALLOW_CREDENTIALS: true });
  const all = await client(['hyperdjango.middleware.cors']).get('/hello/', { headers: { origin: 'https://x.example' } });
  expect(all.headers.get('access-control-allow-origin')).toBe('*');
  expect(all.headers.get('access-control-allow-credentials')).toBeUndefined();
});

test('conditional GET: ETag and 304; timing: Server-Timing; logging: one line per request', async () => {
  setupWeb();
  const c = client(['hyperdjango.middleware.conditional_get', 'hyperdjango.middleware.timing']);
  const first = await c.get('/items/2/');
  const etag = first.headers.get('etag')!;
  expect(etag).toMatch(/^"[\w-]+"$/);
  expect(first.headers.get('server-timing')).toMatch(/^total;dur=\d+\.\d\d$/);
  const again = await c.get('/items/2/', { headers: { 'if-none-match': etag } });
  expect(again.status).toBe(304);
  expect(again.content.length).toBe(0);
  const { setRequestLogSink } = require('../../src/middleware/request-log') as typeof import('../../src/middleware/request-log');
  const lines: string[] = [];
  setRequestLogSink((line) => lines.push(line));
  await client(['hyperdjango.middleware.logging']).get('/items/3/?x=1');
  expect(lines[0]).toMatch(/127\.0\.0\.1 "GET \/items\/3\/\?x=1" 200 \d+\.\dms$/);
});

test('project middleware named by module, with #export', async () => {
  const root = setupWeb();
  const fs = require('node:fs') as typeof import('node:fs');
  fs.writeFileSync(`${root}/mw.js`, "exports.stamp = (next) => async (request) => { const r = await next(request); r.headers.set('x-stamp', 'yes'); return r; };\n");
  const c = new Client({ middleware: ['mw#stamp'], baseDir: root, log: quiet });
  expect((await c.get('/hello/')).headers.get('x-stamp')).toBe('yes');
  expect(() => new Client({ middleware: ['nope/missing'], baseDir: root })).toThrow(/was not found/);
});

test('deploy checks of the security settings', async () => {
  const { checkSecuritySettings } = require('../../src/middleware/checks') as typeof import('../../src/middleware/checks');
  const { loadedSettings } = require('../../src/conf/settings') as typeof import('../../src/conf/settings');
  const ids = () => checkSecuritySettings({ settings: loadedSettings() as never }).map((m) => m.id);
  setupWeb();
  expect(ids()).toEqual(['security.W001']);
  setupWeb({ MIDDLEWARE: ['hyperdjango.middleware.security'], SECURE_CONTENT_TYPE_NOSNIFF: false, SECURE_REFERRER_POLICY: 'bogus' });
  expect(ids()).toEqual(['security.W004', 'security.W006', 'security.W008', 'security.E023']);
  setupWeb({ MIDDLEWARE: ['hyperdjango.middleware.security'], SECURE_HSTS_SECONDS: 60, SECURE_SSL_REDIRECT: true, SECURE_CROSS_ORIGIN_OPENER_POLICY: 'nope' });
  expect(ids()).toEqual(['security.W005', 'security.W021', 'security.E024']);
});
