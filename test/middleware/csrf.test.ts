// The CSRF middleware over the test client with checks enforced: tokens from forms
// and headers, missing and wrong tokens, Origin and Referer checks, trusted origins,
// exemptions, the failure pages, csrf_input in templates, CSRF_USE_SESSIONS.
import { resetSettings } from '../../src/conf/settings';
import { unmaskToken } from '../../src/middleware/csrf';
import { Client } from '../../src/test-client';
import { setUrlconf } from '../../src/urls';
import { formToken, setupCsrf } from './csrf-support';

const MIDDLEWARE = ['hyperdjango.middleware.csrf'];
const enforcing = () => new Client({ middleware: MIDDLEWARE, enforceCsrfChecks: true, log: () => undefined });
let stderr: jest.SpyInstance;

beforeEach(() => {
  setupCsrf();
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
  setUrlconf(null);
  resetSettings();
});

async function withToken(c: Client): Promise<string> {
  const page = await c.get('/form/');
  return formToken(page.text);
}

it('renders csrf_input with a fresh masked token each time and sets the cookie with its flags', async () => {
  const c = enforcing();
  const page = await c.get('/form/');
  expect(page.text).toMatch(/^<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"><button>/);
  const cookie = page.headers.getAll('set-cookie')[0];
  expect(cookie).toMatch(/^csrftoken=[A-Za-z0-9]{32}; Max-Age=31449600; Expires=.*; Path=\/; SameSite=Lax$/);
  expect(page.headers.get('vary')).toBe('Cookie');
  const secret = c.cookies.get('csrftoken')!;
  const first = formToken(page.text);
  const second = formToken((await c.get('/form/')).text);
  expect(first).not.toBe(second);
  expect(unmaskToken(first)).toBe(secret);
  expect(unmaskToken(second)).toBe(secret);
  // The secret does not change between pages.
  expect(c.cookies.get('csrftoken')).toBe(secret);
});

it('a page that prints no token sets no cookie', async () => {
  const page = await enforcing().get('/plain/');
  expect(page.headers.getAll('set-cookie')).toEqual([]);
  expect(page.headers.get('vary')).toBeUndefined();
});

it('accepts the form token, a token from an earlier page, and the X-CSRFToken header', async () => {
  const c = enforcing();
  const earlier = await withToken(c);
  await withToken(c);
  const ok = await c.post('/submit/', { csrfmiddlewaretoken: earlier, name: 'x' });
  expect(ok.status).toBe(200);
  expect(ok.json()).toMatchObject({ ok: true, form: { name: ['x'] } });
  const header = await c.post('/submit/', { name: 'y' }, { headers: { 'X-CSRFToken': earlier } });
  expect(header.status).toBe(200);
  const json = await c.json('PUT', '/submit/', { a: 1 }, { headers: { 'x-csrftoken': c.cookies.get('csrftoken')! } });
  expect(json.status).not.toBe(403); // the bare secret is accepted too (as Django)
});

it('refuses a missing cookie, a missing token, a wrong token and a malformed one (403, no details)', async () => {
  const fresh = enforcing();
  const noCookie = await fresh.post('/submit/', { a: '1' });
  expect(noCookie.status).toBe(403);
  expect(noCookie.text).not.toMatch(/CSRF cookie not set/);
  expect(noCookie.text).toMatch(/403 Forbidden/);
  const c = enforcing();
  const token = await withToken(c);
  expect((await c.post('/submit/', { a: '1' })).status).toBe(403);
  const wrong = token.slice(0, 40) + (token[40] === 'a' ? 'b' : 'a') + token.slice(41);
  expect((await c.post('/submit/', { csrfmiddlewaretoken: wrong })).status).toBe(403);
  expect((await c.post('/submit/', { csrfmiddlewaretoken: 'short' })).status).toBe(403);
  expect((await c.delete('/submit/')).status).toBe(403);
  const logged = stderr.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toMatch(/Forbidden \(CSRF cookie not set\.\): \/submit\//);
  expect(logged).toMatch(/Forbidden \(CSRF token missing\.\)/);
  expect(logged).toMatch(/Forbidden \(CSRF token from POST incorrect\.\)/);
  expect(logged).toMatch(/Forbidden \(CSRF token from POST has incorrect length\.\)/);
});

it('with DEBUG the 403 page says what failed and how to fix it', async () => {
  setupCsrf({ DEBUG: true });
  const c = enforcing();
  const noCookie = await c.post('/submit/', { a: '1' });
  expect(noCookie.status).toBe(403);
  expect(noCookie.text).toContain('CSRF verification failed. Request aborted.');
  expect(noCookie.text).toContain('CSRF cookie not set.');
  expect(noCookie.text).toContain('{{ csrf_input }}');
  expect(noCookie.text).toContain('CSRF_TRUSTED_ORIGINS');
  await withToken(c);
  const missing = await c.post('/submit/', { a: '1' });
  expect(missing.text).toContain('CSRF token missing.');
});

it('CSRF_FAILURE_VIEW answers failures', async () => {
  setupCsrf({ CSRF_FAILURE_VIEW: (_request: unknown, reason: string) => new (require('../../src/http').HttpResponse)(`custom: ${reason}`, { status: 403 }) });
  const r = await enforcing().post('/submit/', {});
  expect(r.text).toBe('custom: CSRF cookie not set.');
});

it('checks Origin against the host and CSRF_TRUSTED_ORIGINS (exact and wildcard subdomains)', async () => {
  setupCsrf({ CSRF_TRUSTED_ORIGINS: ['https://partner.test', 'https://*.example.org'] });
  const c = enforcing();
  const token = await withToken(c);
  const post = (origin: string, secure = false) => c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin }, secure });
  expect((await post('http://testserver')).status).toBe(200);
  expect((await post('https://evil.test')).status).toBe(403);
  expect((await post('null')).status).toBe(403);
  expect((await post('https://testserver')).status).toBe(403); // scheme differs
  expect((await post('https://partner.test')).status).toBe(200);
  expect((await post('https://shop.example.org')).status).toBe(200);
  expect((await post('https://example.org')).status).toBe(200);
  expect((await post('http://shop.example.org')).status).toBe(403);
  expect((await post('https://example.org.evil.test')).status).toBe(403);
  const logged = stderr.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toMatch(/Origin checking failed - https:\/\/evil.test does not match any trusted origins\./);
});

it('under HTTPS without Origin, checks the Referer strictly', async () => {
  setupCsrf({ SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'], CSRF_TRUSTED_ORIGINS: ['https://*.partner.test'] });
  const c = enforcing();
  const page = await c.get('/form/', { secure: true });
  expect(page.headers.getAll('set-cookie')[0]).toMatch(/; Secure; SameSite=Lax$/);
  const token = formToken(page.text);
  const post = (headers: Record<string, string>) => c.post('/submit/', { csrfmiddlewaretoken: token }, { headers, secure: true });
  expect((await post({})).status).toBe(403);
  expect((await post({ referer: 'https://testserver/form/' })).status).toBe(200);
  expect((await post({ referer: 'http://testserver/form/' })).status).toBe(403);
  expect((await post({ referer: 'https://evil.test/' })).status).toBe(403);
  expect((await post({ referer: 'not a url' })).status).toBe(403);
  expect((await post({ referer: 'https://a.partner.test/x' })).status).toBe(200);
  const logged = stderr.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toMatch(/Referer checking failed - no Referer\./);
  expect(logged).toMatch(/Referer checking failed - Referer is insecure while host is secure\./);
  expect(logged).toMatch(/Referer checking failed - https:\/\/evil.test\/ does not match any trusted origins\./);
  expect(logged).toMatch(/Referer checking failed - Referer is malformed\./);
});

it('csrfExempt works for functions, asView() results and classes marked csrfExempt', async () => {
  const c = enforcing();
  expect((await c.post('/hook/', { a: '1' })).text).toBe('exempt');
  expect((await c.post('/hook-view/', { a: '1' })).status).toBe(200);
  expect((await c.post('/hook-class/', {})).text).toBe('class exempt');
  expect((await c.post('/submit/', {})).status).toBe(403);
});

it('the test client skips checks unless enforceCsrfChecks is set', async () => {
  const relaxed = new Client({ middleware: MIDDLEWARE, log: () => undefined });
  expect((await relaxed.post('/submit/', { a: '1' })).status).toBe(200);
  expect((await relaxed.post('/submit/', { a: '1' }, { headers: { origin: 'https://evil.test' } })).status).toBe(200);
});

it('rotateToken gives a new secret: tokens from before are refused', async () => {
  const c = enforcing();
  const before = await withToken(c);
  const oldSecret = c.cookies.get('csrftoken');
  await c.get('/rotate/');
  expect(c.cookies.get('csrftoken')).not.toBe(oldSecret);
  expect((await c.post('/submit/', { csrfmiddlewaretoken: before })).status).toBe(403);
  expect((await c.post('/submit/', { csrfmiddlewaretoken: await withToken(c) })).status).toBe(200);
});

it('a malformed cookie is replaced and the request refused', async () => {
  const c = enforcing();
  c.cookies.set('csrftoken', 'bad!cookie'.padEnd(32, 'x'));
  const r = await c.post('/submit/', { csrfmiddlewaretoken: 'x'.repeat(64) });
  expect(r.status).toBe(403);
  expect(c.cookies.get('csrftoken')).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toMatch(/CSRF cookie has invalid characters\./);
});

it('each refusal has a stable code: CSRF_FAILURE_VIEW gets it after the reason, and the warning names it', async () => {
  const seen: string[] = [];
  const { HttpResponse } = require('../../src/http') as typeof import('../../src/http');
  setupCsrf({
    SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'],
    CSRF_FAILURE_VIEW: (_request: unknown, reason: string, code: string) => {
      seen.push(`${code}: ${reason}`);
      return new HttpResponse('refused', { status: 403 });
    },
  });
  const c = enforcing();
  await c.post('/submit/', {});
  const token = await withToken(c);
  await c.post('/submit/', {});
  await c.post('/submit/', { csrfmiddlewaretoken: 'short' });
  await c.post('/submit/', { csrfmiddlewaretoken: token.slice(0, 40) + (token[40] === 'a' ? 'b' : 'a') + token.slice(41) });
  await c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: { origin: 'https://evil.test' } });
  const secure = (referer?: string) => c.post('/submit/', { csrfmiddlewaretoken: token }, { headers: referer === undefined ? {} : { referer }, secure: true });
  await secure();
  await secure('not a url');
  await secure('http://testserver/form/');
  await secure('https://evil.test/');
  c.cookies.set('csrftoken', 'bad!cookie'.padEnd(32, 'x'));
  await c.post('/submit/', { csrfmiddlewaretoken: token });
  expect(seen).toEqual([
    'HYPER_CSRF_NO_COOKIE: CSRF cookie not set.',
    'HYPER_CSRF_TOKEN_MISSING: CSRF token missing.',
    'HYPER_CSRF_TOKEN_MALFORMED: CSRF token from POST has incorrect length.',
    'HYPER_CSRF_TOKEN_INCORRECT: CSRF token from POST incorrect.',
    'HYPER_CSRF_BAD_ORIGIN: Origin checking failed - https://evil.test does not match any trusted origins.',
    'HYPER_CSRF_NO_REFERER: Referer checking failed - no Referer.',
    'HYPER_CSRF_MALFORMED_REFERER: Referer checking failed - Referer is malformed.',
    'HYPER_CSRF_INSECURE_REFERER: Referer checking failed - Referer is insecure while host is secure.',
    'HYPER_CSRF_BAD_REFERER: Referer checking failed - https://evil.test/ does not match any trusted origins.',
    'HYPER_CSRF_BAD_COOKIE: CSRF cookie has invalid characters.',
  ]);
  const logged = stderr.mock.calls.map((call) => String(call[0])).join('');
  expect(logged).toContain('Forbidden (CSRF cookie not set.): /submit/ [HYPER_CSRF_NO_COOKIE]');
  expect(logged).toContain('Forbidden (CSRF token missing.): /submit/ [HYPER_CSRF_TOKEN_MISSING]');
});

it('with DEBUG the 403 page shows the code beside the reason', async () => {
  setupCsrf({ DEBUG: true });
  const page = await enforcing().post('/submit/', { a: '1' });
  expect(page.status).toBe(403);
  expect(page.text).toContain('<p>Code: <code>HYPER_CSRF_NO_COOKIE</code></p>');
});
