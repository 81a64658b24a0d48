// Content-Security-Policy over real sockets: SECURE_CSP and SECURE_CSP_REPORT_ONLY as
// headers, the nonce only when a page used it (and then the same one in header and
// page, fresh per request), the per-view decorators, and no header when unset.
import { resetSettings } from '../../src/conf/settings';
import { HttpResponse, type Request } from '../../src/http';
import { buildPolicy, CSP, cspExempt, cspOverride, cspReportOnlyOverride } from '../../src/middleware/csp';
import { render } from '../../src/shortcuts';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

const TEMPLATES = { 'script.html': '<script nonce="{{ csp_nonce }}">go()</script>', 'plain.html': '<p>no script</p>' };
const page = (request: Request) => render(request, 'script.html');
const plain = (request: Request) => render(request, 'plain.html');

function routes() {
  return [
    path('script/', page),
    path('plain/', plain),
    path('code/', (request: Request) => new HttpResponse(request.cspNonce)),
    path('open/', cspExempt(page)),
    path('strict/', cspOverride({ 'default-src': [CSP.NONE] })(plain)),
    path('report/', cspReportOnlyOverride({ 'script-src': [CSP.SELF, CSP.NONCE] }, page)),
  ];
}

async function get(server: LiveServer, target: string) {
  const res = await fetch(`${server.url}${target}`);
  return { status: res.status, body: await res.text(), csp: res.headers.get('content-security-policy'), ro: res.headers.get('content-security-policy-report-only') };
}

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  setUrlconf(null);
  resetSettings();
});

async function serve(values: Record<string, unknown>, middleware = ['hyperdjango.middleware.csp']) {
  setupWeb(values, TEMPLATES);
  setUrlconf(routes());
  server = await startLiveServer({ log: () => undefined, middleware });
  return server;
}

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  test('the policy with the nonce the page printed; without a printed nonce the placeholder is dropped', async () => {
    setupWeb({ SECURE_CSP: { 'default-src': [CSP.SELF], 'script-src': [CSP.SELF, CSP.NONCE], 'upgrade-insecure-requests': true, 'frame-src': false } }, TEMPLATES);
    setUrlconf(routes());
    server = await startLiveServer({ adapter, log: () => undefined, middleware: ['hyperdjango.middleware.csp'] });
    const first = await get(server, '/script/');
    const nonce = /nonce="([A-Za-z0-9_-]{22})"/.exec(first.body)?.[1];
    expect(nonce).toBeDefined();
    expect(first.csp).toBe(`default-src 'self'; script-src 'self' 'nonce-${nonce}'; upgrade-insecure-requests`);
    const second = await get(server, '/script/');
    expect(second.body).not.toContain(nonce!);
    expect(second.csp).toContain("'nonce-");
    expect((await get(server, '/plain/')).csp).toBe("default-src 'self'; script-src 'self'; upgrade-insecure-requests");
    const code = await get(server, '/code/');
    expect(code.csp).toContain(`'nonce-${code.body}'`);
    expect(first.ro).toBeNull();
  });
});

test('report-only alongside, and the decorators: exempt, override, report-only override', async () => {
  await serve({ SECURE_CSP: { 'default-src': [CSP.SELF] }, SECURE_CSP_REPORT_ONLY: { 'img-src': 'https:' } });
  const plainPage = await get(server!, '/plain/');
  expect(plainPage).toMatchObject({ csp: "default-src 'self'", ro: 'img-src https:' });
  expect(await get(server!, '/open/')).toMatchObject({ csp: null, ro: null });
  expect((await get(server!, '/strict/')).csp).toBe("default-src 'none'");
  const report = await get(server!, '/report/');
  const nonce = /nonce="([^"]+)"/.exec(report.body)![1];
  expect(report).toMatchObject({ csp: "default-src 'self'", ro: `script-src 'self' 'nonce-${nonce}'` });
});

test('no header with SECURE_CSP unset; csp_nonce is empty without the middleware', async () => {
  await serve({});
  expect(await get(server!, '/script/')).toMatchObject({ status: 200, csp: null, ro: null });
  await server!.close();
  await serve({ SECURE_CSP: { 'default-src': [CSP.SELF] } }, []);
  expect(await get(server!, '/script/')).toMatchObject({ body: '<script nonce="">go()</script>', csp: null });
});

test('buildPolicy follows Django: lists joined, true bare, false and empty lists left out', () => {
  expect(buildPolicy({ 'default-src': [CSP.SELF, 'https://cdn.example'], sandbox: true, 'frame-src': false, 'img-src': [] })).toBe("default-src 'self' https://cdn.example; sandbox");
  expect(buildPolicy({ 'script-src': [CSP.NONCE] })).toBe('');
  expect(buildPolicy({ 'script-src': [CSP.NONCE] }, 'abc')).toBe("script-src 'nonce-abc'");
});

test('SECURE_CSP must map directives to sources', () => {
  expect(() => setupWeb({ SECURE_CSP: { 'default-src': 5 } })).toThrow(/SECURE_CSP must be an object of directives to lists of sources/);
});
