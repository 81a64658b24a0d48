// The URL configuration routed by the server: the flattened table must answer
// exactly as the resolver does, and leave to the resolver what it cannot match
// the same way.
import * as http from 'node:http';
import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { RouteTable } from '../../src/server/router';
import { startLiveServer } from '../../src/test-client';
import { getResolver, include, path, rePath, registerConverter, resolve, setUrlconf, type ResolverMatch } from '../../src/urls';
import { flattenUrlconf } from '../../src/urls/flatten';
import { UrlRouteTable } from '../../src/urls/route-table';

const view = (name: string) => {
  const fn = (request: Request, params: Record<string, unknown>) =>
    new JsonResponse({ view: name, params, route: request.resolverMatch?.route, namespaces: request.resolverMatch?.namespaces, routed: request.routed !== null });
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
};

const blog = { appName: 'blog', urlpatterns: [path('', view('index'), { name: 'index' }), path('<int:id>/', view('detail'), { name: 'detail' }), path('<slug:slug>/', view('bySlug'), { name: 'slug' })] };

beforeAll(() => {
  registerConverter('yyyy', { regex: '[0-9]{4}', toValue: Number });
});

beforeEach(() => {
  configure({ DEBUG: false, ROOT_URLCONF: 'urls', ALLOWED_HOSTS: ['*'] });
  setUrlconf([
    path('', view('home'), { name: 'home' }),
    path('blog/', include(blog)),
    path('news/', include(blog, { namespace: 'news' })),
    path('users/<str:user>/', include([path('posts/<int:id>/', view('userPost')), path('', view('user'), { kwargs: { tab: 'all' } })])),
    path('files/<path:rest>', view('files')),
    path('u/<uuid:id>/', view('uuid')),
    path('archive/<yyyy:year>/', view('archive')),
    rePath('^legacy/(?P<code>[a-z]{3})/$', view('legacy')),
    path('legacy/abc/', view('shadowed')),
    path('after/', view('after')),
  ]);
});

afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

function table() {
  const urls = new UrlRouteTable(flattenUrlconf(getResolver()));
  return { urls, server: new RouteTable(urls.serverRoutes) };
}

const PATHS = [
  '/', '/blog/', '/blog/42/', '/blog/hello-world/', '/news/7/', '/users/ann/', '/users/ann/posts/3/', '/users/a-b/posts/x/',
  '/files/a/b/c.txt', '/u/12345678-1234-1234-1234-123456789abc/', '/u/NOT-A-UUID/', '/archive/2024/', '/legacy/abc/', '/legacy/ab/', '/after/', '/nope/',
];

function summary(match: ResolverMatch) {
  return { func: match.func, params: match.params, urlName: match.urlName, namespaces: match.namespaces, appNames: match.appNames, route: match.route, args: match.args };
}

test('every path the server resolves gets the resolver\'s own answer', () => {
  const { urls, server } = table();
  let fromServer = 0;
  for (const target of PATHS) {
    const found = server.match('GET', target);
    const routed = found.kind === 'found' ? urls.resolverMatch(found.routeId, found.params) : null;
    let expected: ReturnType<typeof summary> | null = null;
    try {
      expected = summary(resolve(target));
    } catch {
      expected = null;
    }
    if (routed) {
      fromServer += 1;
      expect([target, summary(routed)]).toEqual([target, expected]);
    }
  }
  // The paths the table can answer alone (all but the project converter, the regex route and what follows it).
  expect(fromServer).toBe(9);
});

test('routes the server cannot match as the resolver does are left to it', () => {
  const { urls } = table();
  const patterns = urls.serverRoutes.map((route) => route.pattern);
  expect(patterns).toContain('/users/<str:user>/posts/<int:id>/');
  expect(patterns).not.toContain('/archive/<yyyy:year>/');
  expect(patterns).toContain('/legacy/abc/');
  // A route after a regex route is only taken from the server when nothing before it could match.
  const server = new RouteTable(urls.serverRoutes);
  const shadowed = server.match('GET', '/legacy/abc/');
  expect(shadowed.kind).toBe('found');
  expect(urls.resolverMatch((shadowed as { routeId: number }).routeId, {})).toBeNull();
  expect(resolve('/legacy/abc/').urlName).toBeNull();
  expect((resolve('/legacy/abc/').func as { name: string }).name).toBe('legacy');
});

test('a prefix that could end in more than one place stays with the resolver', () => {
  setUrlconf([path('<path:dir>/', include([path('x/', view('x'))])), path('n<int:a>', include([path('5/', view('five'))]))]);
  const { urls } = table();
  expect(urls.serverRoutes).toEqual([]);
  expect(() => resolve('/a/x/b/x/')).toThrow();
});

function get(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    http.get({ host: '127.0.0.1', port, path: target, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode!, body }));
    }).on('error', fail);
  });
}

describe.each(['native', 'node'] as const)('served on the %s adapter', (adapter) => {
  test('requests arrive resolved by the server, and answer as the resolver would', async () => {
    const server = await startLiveServer({ adapter, middleware: [], log: () => undefined });
    try {
      expect(server.adapter).toBe(adapter);
      const detail = JSON.parse((await get(server.port, '/news/7/?q=%41')).body);
      expect(detail).toEqual({ view: 'detail', params: { id: 7 }, route: 'news/<int:id>/', namespaces: ['news'], routed: true });
      const user = JSON.parse((await get(server.port, '/users/ann/')).body);
      expect(user).toEqual({ view: 'user', params: { user: 'ann', tab: 'all' }, route: 'users/<str:user>/', namespaces: [], routed: true });
      // Escaped paths, project converters and routes behind a regex route go through the resolver.
      expect(JSON.parse((await get(server.port, '/blog/hello%2Dworld/')).body)).toMatchObject({ view: 'bySlug', params: { slug: 'hello-world' }, routed: false });
      expect(JSON.parse((await get(server.port, '/users/caf%C3%A9/')).body)).toMatchObject({ view: 'user', params: { user: 'café', tab: 'all' }, routed: false });
      expect(JSON.parse((await get(server.port, '/archive/2024/')).body)).toEqual({ view: 'archive', params: { year: 2024 }, route: 'archive/<yyyy:year>/', namespaces: [], routed: false });
      expect(JSON.parse((await get(server.port, '/legacy/abc/')).body)).toMatchObject({ view: 'legacy', params: { code: 'abc' }, routed: false });
      expect(JSON.parse((await get(server.port, '/after/')).body)).toMatchObject({ view: 'after', routed: false });
      expect((await get(server.port, '/nope/')).status).toBe(404);
      // A URL configuration changed after the server started is resolved afresh.
      setUrlconf([path('news/<int:id>/', () => new HttpResponse('replaced'))]);
      expect((await get(server.port, '/news/7/')).body).toBe('replaced');
    } finally {
      await server.close();
    }
  });
});
