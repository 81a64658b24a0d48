// The same cases run against the TypeScript router and the native radix router.
import { loadNativeAddon } from '../../src/server/binding';
import { ServerConfigError } from '../../src/server/errors';
import { type RouteDefinition, type RouteMatch, RouteTable } from '../../src/server/router';

const addon = loadNativeAddon({ quiet: true });

type Matcher = (method: string, path: string) => RouteMatch;

function nativeMatcher(table: RouteTable): Matcher {
  const router = table.toNative(addon)!;
  return (method, path) => {
    const r = router.match(method, path);
    if (r[0] === 0) return { kind: 'found', routeId: r[1], params: table.params(r[1], r.slice(2) as string[]) };
    if (r[0] === 2) return { kind: 'method-not-allowed', allow: r[1] };
    return { kind: 'not-found' };
  };
}

const implementations: Array<[string, (table: RouteTable) => Matcher]> = [
  ['typescript', (table) => (method, path) => table.match(method, path)],
];
if (addon) implementations.push(['native', nativeMatcher]);

const routes: RouteDefinition[] = [
  { pattern: '/' },
  { pattern: '/about/', methods: ['GET'] },
  { pattern: '/blog/<int:year>/' },
  { pattern: '/blog/<slug:slug>/', methods: ['GET', 'POST'] },
  { pattern: '/blog/<str:title>/' },
  { pattern: '/files/<path:rest>' },
  { pattern: '/items/<uuid:id>/' },
  { pattern: '/a/<int:x>-<int:y>/' },
  { pattern: '/about/team/', methods: ['PUT'] },
  { pattern: '/shop/<str:a>/<str:b>/edit' },
  { pattern: '/shop/<str:a>/special/edit' },
  { pattern: '/greedy/<path:a>/x/<path:b>' },
  { pattern: '/café/' },
  { pattern: '/api/users/', methods: ['GET'] },
  { pattern: '/api/users/', methods: ['POST'] },
];

const cases: Array<[string, string, RouteMatch]> = [
  ['GET', '/', { kind: 'found', routeId: 0, params: {} }],
  ['GET', '/about/', { kind: 'found', routeId: 1, params: {} }],
  ['HEAD', '/about/', { kind: 'found', routeId: 1, params: {} }],
  ['POST', '/about/', { kind: 'method-not-allowed', allow: 'GET, HEAD' }],
  ['GET', '/about', { kind: 'not-found' }],
  ['GET', '/blog/2024/', { kind: 'found', routeId: 2, params: { year: 2024 } }],
  ['GET', '/blog/007/', { kind: 'found', routeId: 2, params: { year: 7 } }],
  ['GET', '/blog/hello-world/', { kind: 'found', routeId: 3, params: { slug: 'hello-world' } }],
  // PUT is not allowed on the slug route, so the next matching route (str) wins.
  ['PUT', '/blog/hello-world/', { kind: 'found', routeId: 4, params: { title: 'hello-world' } }],
  ['GET', '/blog/hello world/', { kind: 'found', routeId: 4, params: { title: 'hello world' } }],
  ['GET', '/blog/hello%20world/', { kind: 'found', routeId: 4, params: { title: 'hello world' } }],
  ['GET', '/blog/a/b/', { kind: 'not-found' }],
  ['GET', '/files/a/b/c.txt', { kind: 'found', routeId: 5, params: { rest: 'a/b/c.txt' } }],
  ['GET', '/files/', { kind: 'not-found' }],
  ['GET', '/files/a%0Ab', { kind: 'not-found' }],
  ['GET', '/items/123e4567-e89b-12d3-a456-426614174000/', { kind: 'found', routeId: 6, params: { id: '123e4567-e89b-12d3-a456-426614174000' } }],
  // Upper-case hex is not a Django uuid, and the str route stops at '/'.
  ['GET', '/items/123E4567-e89b-12d3-a456-426614174000/', { kind: 'not-found' }],
  ['GET', '/a/12-34/', { kind: 'found', routeId: 7, params: { x: 12, y: 34 } }],
  ['GET', '/a/12-/', { kind: 'not-found' }],
  ['GET', '/about/team/', { kind: 'method-not-allowed', allow: 'PUT' }],
  ['PUT', '/about/team/', { kind: 'found', routeId: 8, params: {} }],
  // Django semantics: the earlier, more general route wins.
  ['GET', '/shop/x/special/edit', { kind: 'found', routeId: 9, params: { a: 'x', b: 'special' } }],
  ['GET', '/shop/x/y/edit', { kind: 'found', routeId: 9, params: { a: 'x', b: 'y' } }],
  ['GET', '/greedy/1/x/2/x/3', { kind: 'found', routeId: 11, params: { a: '1/x/2', b: '3' } }],
  ['GET', '/caf%C3%A9/', { kind: 'found', routeId: 12, params: {} }],
  ['GET', '/blog/caf%C3%A9/', { kind: 'found', routeId: 4, params: { title: 'café' } }],
  ['GET', '/blog/%FF/', { kind: 'found', routeId: 4, params: { title: '\ufffd' } }],
  ['GET', '/blog/%zz/', { kind: 'found', routeId: 4, params: { title: '%zz' } }],
  ['GET', '/api/users/', { kind: 'found', routeId: 13, params: {} }],
  ['POST', '/api/users/', { kind: 'found', routeId: 14, params: {} }],
  ['DELETE', '/api/users/', { kind: 'method-not-allowed', allow: 'GET, HEAD, POST' }],
  ['PROPFIND', '/api/users/', { kind: 'method-not-allowed', allow: 'GET, HEAD, POST' }],
  ['GET', '/nope/', { kind: 'not-found' }],
];

describe.each(implementations)('%s router', (_name, make) => {
  const match = make(new RouteTable(routes));

  test.each(cases)('%s %s', (method, path, expected) => {
    expect(match(method, path)).toEqual(expected);
  });

  test('first route in table order wins over a more specific later one', () => {
    const m = make(new RouteTable([{ pattern: '/<str:page>/' }, { pattern: '/about/' }]));
    expect(m('GET', '/about/')).toEqual({ kind: 'found', routeId: 0, params: { page: 'about' } });
  });

  test('heavy backtracking in an earlier route neither hides a later match nor its Allow methods', () => {
    // Five str converters split on 40 dashes: the earlier POST route has C(40,4) ways to try.
    const m = make(new RouteTable([{ pattern: '/<str:a>-<str:b>-<str:c>-<str:d>-<str:e>', methods: ['POST'] }, { pattern: '/<path:rest>', methods: ['GET'] }]));
    const path = `/${'x-'.repeat(40)}x`;
    expect(m('GET', path)).toEqual({ kind: 'found', routeId: 1, params: { rest: path.slice(1) } });
    expect(m('POST', path)).toMatchObject({ kind: 'found', routeId: 0, params: { e: 'x' } });
    expect(m('PUT', path)).toEqual({ kind: 'method-not-allowed', allow: 'GET, HEAD, POST' });
    expect(m('PUT', `${path}/`)).toEqual({ kind: 'method-not-allowed', allow: 'GET, HEAD' });
  });

  test('an empty table answers 404', () => {
    expect(make(new RouteTable([]))('GET', '/')).toEqual({ kind: 'not-found' });
  });

  test('a route allowing any method matches unknown methods and lists all in Allow', () => {
    const m = make(new RouteTable([{ pattern: '/x', methods: ['*'] }, { pattern: '/y', methods: ['POST'] }]));
    expect(m('BREW', '/x')).toMatchObject({ kind: 'found', routeId: 0 });
    expect(m('GET', '/y')).toEqual({ kind: 'method-not-allowed', allow: 'POST' });
  });
});

describe('route table validation', () => {
  test.each([
    ['blog/'],
    ['/a/<int:x'],
    ['/a/x>'],
    ['/a/<nope:x>/'],
    ['/a/<int:1x>/'],
    ['/a/<int:x>/<str:x>/'],
  ])('rejects %s', (pattern) => {
    expect(() => new RouteTable([{ pattern }])).toThrow(ServerConfigError);
  });

  test('rejects lower-case, unknown or empty method lists', () => {
    expect(() => new RouteTable([{ pattern: '/', methods: ['get'] }])).toThrow(ServerConfigError);
    expect(() => new RouteTable([{ pattern: '/', methods: ['PROPFIND'] }])).toThrow(ServerConfigError);
    expect(() => new RouteTable([{ pattern: '/', methods: [] }])).toThrow(ServerConfigError);
  });

  test('custom regex converters are served by the TypeScript router', () => {
    const table = new RouteTable([{ pattern: '/y/<year4:y>/' }], { year4: { regex: '[0-9]{4}', toValue: Number } });
    expect(table.nativeCompatible).toBe(false);
    expect(table.toNative(addon)).toBeNull();
    expect(table.match('GET', '/y/2024/')).toEqual({ kind: 'found', routeId: 0, params: { y: 2024 } });
    expect(table.match('GET', '/y/24/')).toEqual({ kind: 'not-found' });
  });
});

(addon ? describe : describe.skip)('native and TypeScript routers agree on generated paths', () => {
  test('random paths over a mixed table', () => {
    const table = new RouteTable(routes);
    const native = nativeMatcher(table);
    const pieces = ['/', 'blog', 'files', 'a', 'x', '12', '-', '34', 'hello', '%20', '%2F', 'shop', 'special', 'edit', 'café', '%C3%A9', 'greedy', 'api', 'users', 'about', 'team'];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let path = '/';
      const len = 1 + rnd(7);
      for (let k = 0; k < len; k++) path += pieces[rnd(pieces.length)];
      path = encodeURI(decodeURIComponentSafe(path));
      for (const method of ['GET', 'POST', 'PUT']) {
        expect([method, path, native(method, path)]).toEqual([method, path, table.match(method, path)]);
      }
    }
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
