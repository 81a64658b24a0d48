// Hostile redirects and session cookies over real sockets, on both server adapters:
// a `<path:>` value starting with '/' must not reverse to a scheme-relative URL (an
// open redirect), a redirect to javascript:/data: is a 400 rather than a 500, and a
// session cookie PostgreSQL cannot compare (a NUL byte) is no session, not an error.
import * as http from 'node:http';
import { apps } from '../../src/apps/registry';
import { HttpResponse, HttpResponseRedirect, type Request } from '../../src/http';
import { path, reverse, setUrlconf } from '../../src/urls';
import { redirect } from '../../src/shortcuts';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { reconfigure, sessionUrls, useSessionDatabase } from '../sessions/support';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(server: LiveServer, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http.get({ host: server.host, port: server.port, path: target, headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on('error', reject);
  });
}

const urls = [
  ...sessionUrls,
  // A view that sends the user on to a URL reversed from what they gave, as a login view does.
  path('go/', (request: Request) => redirect(reverse('next', { params: { next: request.query.get('to') ?? '' } }))),
  path('js/', () => new HttpResponseRedirect('javascript:alert(1)')),
  path('data/', () => new HttpResponseRedirect(' DATA:text/html,<script>x</script>')),
  // A catch-all at the root, as a CMS or a "next" page has: '/evil.com' would reverse to '//evil.com'.
  path('<path:next>', () => new HttpResponse('next'), { name: 'next' }),
];

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  useSessionDatabase('postgres');
  let server: LiveServer;
  const logged: string[] = [];
  beforeAll(async () => {
    await apps.populate(['hyperdjango.sessions'], process.cwd());
    reconfigure({ ALLOWED_HOSTS: ['127.0.0.1'], DEBUG: false });
    setUrlconf(urls);
    server = await startLiveServer({ adapter, log: (line: string) => logged.push(line), middleware: ['hyperdjango.sessions.middleware'] });
  });
  beforeEach(() => {
    reconfigure({ ALLOWED_HOSTS: ['127.0.0.1'], DEBUG: false });
    setUrlconf(urls);
  });
  afterAll(async () => {
    await server.close();
    apps.reset();
  });

  test('a reversed path value starting with a slash stays on this site', async () => {
    for (const to of ['/evil.com', '//evil.com', '/\\evil.com']) {
      const res = await get(server, `/go/?to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(302);
      const location = res.headers.location!;
      expect(location.startsWith('//')).toBe(false);
      expect(new URL(location, 'http://site.test/').host).toBe('site.test');
    }
  });

  test('a redirect to javascript: or data: answers 400, with no detail', async () => {
    for (const target of ['/js/', '/data/']) {
      const res = await get(server, target);
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.body).not.toMatch(/javascript|DisallowedRedirect|at /);
    }
  });

  test('a session cookie with a NUL byte or a foreign shape is no session', async () => {
    for (const cookie of ['sessionid=%00abc', 'sessionid=abc%00defghijklmnopqrstuvwxyz0123', `sessionid=${'a'.repeat(41)}`, 'sessionid=%27%3B--']) {
      const res = await get(server, '/get/x/', { cookie });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ value: null, key: null });
    }
    // A session can still be started from such a request: a new key is drawn.
    const set = await get(server, '/set/x/1/', { cookie: 'sessionid=%00abc' });
    expect(set.status).toBe(200);
    const fresh = /sessionid=([a-z0-9]{32})/.exec(String(set.headers['set-cookie']))![1];
    expect(JSON.parse((await get(server, '/get/x/', { cookie: `sessionid=${fresh}` })).body)).toEqual({ value: '1', key: fresh });
  });
});
