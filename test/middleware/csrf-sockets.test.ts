// Sessions and CSRF over real sockets, on both server adapters: cookies set and sent
// back by an HTTP client, tokens from a rendered form, a cross-origin POST refused,
// and CSRF_USE_SESSIONS keeping the secret in a database session (PGlite).
import { configure, resetSettings } from '../../src/conf/settings';
import { Session, sessionMiddleware } from '../../src/contrib/sessions';
import { HttpResponse, type Request } from '../../src/http';
import { csrfExempt, csrfMiddleware } from '../../src/middleware/csrf';
import { connections, createTables } from '../../src/orm';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { formToken, setupCsrf, urls } from './csrf-support';
import '../support/test-databases';

const adapters = ['native', 'node'] as const;

class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly server: LiveServer) {}
  async send(method: string, target: string, options: { form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(`http://127.0.0.1:${this.server.port}${target}`, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    return { status: res.status, text: await res.text(), setCookies: res.headers.getSetCookie() };
  }
}

// One view routed twice: exempt on one route only.
const shared = async () => new HttpResponse('accepted');

describe.each(adapters)('%s adapter', (adapter) => {
  let server: LiveServer;
  let stderr: jest.SpyInstance;
  beforeAll(async () => {
    setupCsrf({ DATABASES: { default: 'pglite:memory:' } });
    await createTables([Session]);
    setUrlconf([
      ...urls(),
      path('remember/<str:value>/', (request: Request, { value }: { value: string }) => {
        request.session.set('value', value);
        return new HttpResponse('ok');
      }),
      path('recall/', (request: Request) => new HttpResponse(String(request.session.get('value', 'nothing')))),
      path('shared-hook/', csrfExempt(shared)),
      path('shared/', shared),
    ]);
    server = await startLiveServer({ adapter, log: () => undefined, middleware: [sessionMiddleware, csrfMiddleware] });
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    stderr.mockRestore();
    await server.close();
    await connections.reset();
    setUrlconf(null);
    resetSettings();
  });

  test('a session cookie travels both ways with its flags', async () => {
    const browser = new Browser(server);
    const set = await browser.send('GET', '/remember/blue/');
    expect(set.setCookies[0]).toMatch(/^sessionid=[a-z0-9]{32}; Max-Age=1209600; .*HttpOnly; SameSite=Lax$/);
    expect((await browser.send('GET', '/recall/')).text).toBe('blue');
    expect((await new Browser(server).send('GET', '/recall/')).text).toBe('nothing');
  });

  test('a form token from the page is accepted; none, a wrong one, or a foreign Origin is refused', async () => {
    const browser = new Browser(server);
    const token = formToken((await browser.send('GET', '/form/')).text);
    expect(browser.cookies.get('csrftoken')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await browser.send('POST', '/submit/', { form: { a: '1' } })).status).toBe(403);
    expect((await browser.send('POST', '/submit/', { form: { csrfmiddlewaretoken: token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) } })).status).toBe(403);
    const ok = await browser.send('POST', '/submit/', { form: { csrfmiddlewaretoken: token, a: '1' } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ ok: true });
    const foreign = await browser.send('POST', '/submit/', { form: { csrfmiddlewaretoken: token }, headers: { origin: 'https://evil.test' } });
    expect(foreign.status).toBe(403);
    expect(foreign.text).not.toContain('Origin checking failed'); // DEBUG is off: no details
    const same = await browser.send('POST', '/submit/', { form: { csrfmiddlewaretoken: token }, headers: { origin: `http://127.0.0.1:${server.port}` } });
    expect(same.status).toBe(200);
    expect((await browser.send('POST', '/hook/', { form: {} })).text).toBe('exempt');
  });

  test('csrfExempt(view) exempts that route only: the same view routed unwrapped still refuses a POST without a token', async () => {
    const browser = new Browser(server);
    const exempt = await browser.send('POST', '/shared-hook/', { form: { a: '1' } });
    expect([exempt.status, exempt.text]).toEqual([200, 'accepted']);
    expect((await browser.send('POST', '/shared/', { form: { a: '1' } })).status).toBe(403);
  });

  test('CSRF_USE_SESSIONS: the secret lives in the session, no csrftoken cookie', async () => {
    setupCsrf({ DATABASES: { default: 'pglite:memory:' }, CSRF_USE_SESSIONS: true });
    setUrlconf(urls());
    try {
      const browser = new Browser(server);
      const page = await browser.send('GET', '/form/');
      expect(browser.cookies.has('csrftoken')).toBe(false);
      expect(browser.cookies.get('sessionid')).toMatch(/^[a-z0-9]{32}$/);
      const token = formToken(page.text);
      expect((await browser.send('POST', '/submit/', { form: { csrfmiddlewaretoken: token } })).status).toBe(200);
      expect((await new Browser(server).send('POST', '/submit/', { form: { csrfmiddlewaretoken: token } })).status).toBe(403);
    } finally {
      configure({});
    }
  });
});
