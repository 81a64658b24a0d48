import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http/response';
import { NoReverseMatch, Resolver404, checkUrlConfig, include, path, rePath, registerConverter, resolve, reverse, setUrlconf, templateUrl, urlTable } from '../../src/urls';
import { loadedSettings } from '../../src/conf/settings';
import { fromString } from '../../src/template';

const view = (name: string) => {
  const fn = async () => new HttpResponse(name);
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
};
const index = view('index');
const detail = view('detail');
const archive = view('archive');
const blogUrls = { appName: 'blog', urlpatterns: [path('', index, { name: 'index' }), path('<int:id>/', detail, { name: 'detail' }), path('<slug:slug>/', view('bySlug'), { name: 'slug' })] };

beforeAll(() => {
  registerConverter('year', { regex: '[0-9]{4}', toValue: Number, toUrl: (v) => String(v).padStart(4, '0') });
});

beforeEach(() => {
  configure({ DEBUG: true, ROOT_URLCONF: 'urls' });
  setUrlconf([
    path('', index, { name: 'home' }),
    path('blog/', include(blogUrls)),
    path('news/', include(blogUrls, { namespace: 'news' })),
    path('archive/<year:year>/', archive, { name: 'archive' }),
    rePath('^legacy/(?P<code>[a-z]{3})/$', view('legacy'), { name: 'legacy' }),
    path('files/<path:rest>', view('files'), { name: 'files' }),
    path('u/<uuid:id>/', view('u'), { name: 'uuid' }),
    path('api/', include([[path('items/', view('items'), { name: 'items' })], 'api'])),
  ]);
});

afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

test('resolve: converters, includes, namespaces, regex routes', () => {
  expect(resolve('/').urlName).toBe('home');
  const m = resolve('/blog/42/');
  expect(m.params).toEqual({ id: 42 });
  expect(m.namespaces).toEqual(['blog']);
  expect(m.appNames).toEqual(['blog']);
  expect(m.viewName).toBe('blog:detail');
  expect(m.route).toBe('blog/<int:id>/');
  expect(resolve('/blog/hello-world/').params).toEqual({ slug: 'hello-world' });
  expect(resolve('/news/7/').namespaces).toEqual(['news']);
  expect(resolve('/archive/2024/').params).toEqual({ year: 2024 });
  expect(resolve('/legacy/abc/').params).toEqual({ code: 'abc' });
  expect(resolve('/files/a/b/c.txt').params).toEqual({ rest: 'a/b/c.txt' });
  expect(resolve('/u/123e4567-e89b-12d3-a456-426614174000/').urlName).toBe('uuid');
});

test('resolve failure lists the patterns tried', () => {
  let error: Resolver404 | undefined;
  try {
    resolve('/blog/no/pe/');
  } catch (e) {
    error = e as Resolver404;
  }
  expect(error).toBeInstanceOf(Resolver404);
  expect(error!.tried).toContainEqual(['blog/', '<int:id>/']);
  expect(error!.tried).toContainEqual(['archive/<year:year>/']);
  expect(() => resolve('/nope/')).toThrow(Resolver404);
  expect(() => resolve('/archive/24/')).toThrow(Resolver404);
  expect(() => resolve('/legacy/abcd/')).toThrow(Resolver404);
});

test('reverse: names, app and instance namespaces, converters, args, query', () => {
  expect(reverse('home')).toBe('/');
  expect(reverse('blog:detail', { params: { id: 3 } })).toBe('/blog/3/');
  expect(reverse('news:detail', { params: { id: 3 } })).toBe('/news/3/');
  // The app namespace picks the default instance (the one named like the app) unless currentApp says otherwise.
  expect(reverse('blog:index')).toBe('/blog/');
  expect(reverse('blog:index', { currentApp: 'news' })).toBe('/news/');
  expect(reverse('blog:detail', { args: [5] })).toBe('/blog/5/');
  expect(reverse('archive', { params: { year: 7 } })).toBe('/archive/0007/');
  expect(reverse('legacy', { params: { code: 'xyz' } })).toBe('/legacy/xyz/');
  expect(reverse('api:items', { query: { page: 2 } })).toBe('/api/items/?page=2');
  expect(reverse('files', { params: { rest: 'a b/c' } })).toBe('/files/a%20b/c');
  expect(reverse(archive, { params: { year: 2020 } })).toBe('/archive/2020/');
});

test('reverse never produces a scheme-relative URL (a leading slash in a value is escaped)', async () => {
  setUrlconf([path('<path:next>', view('next'), { name: 'next' }), path('to/<path:next>', view('to'), { name: 'to' })]);
  expect(reverse('next', { params: { next: '/evil.com' } })).toBe('/%2Fevil.com');
  expect(reverse('next', { params: { next: '//evil.com/x' } })).toBe('/%2F/evil.com/x');
  expect(reverse('to', { params: { next: '/evil.com' } })).toBe('/to//evil.com');
  expect(new URL(reverse('next', { params: { next: '/evil.com' } }), 'http://site.test/').host).toBe('site.test');
  expect(await fromString("{{ url('next', next='/evil.com') }}").render({})).toBe('/%2Fevil.com');
  expect(resolve('//evil.com').params).toEqual({ next: '/evil.com' });
});

test('reverse errors are clear', () => {
  expect(() => reverse('missing')).toThrow(NoReverseMatch);
  expect(() => reverse('nope:detail')).toThrow(/'nope' is not a registered namespace/);
  expect(() => reverse('blog:detail', { params: { id: 'abc' } })).toThrow(/Reverse for 'blog:detail'/);
  expect(() => reverse('blog:detail')).toThrow(NoReverseMatch);
});

test('bad routes fail at definition with the route named', () => {
  expect(() => path('<foo:x>/', index)).toThrow(/invalid converter 'foo'/);
  expect(() => path('<int:1x>/', index)).toThrow(/isn't a valid identifier/);
  expect(() => path('a/', 'notaview' as never)).toThrow(/the view must be a function/);
  expect(() => include([], { namespace: 'x' })).toThrow(/appName/);
  expect(() => registerConverter('int', { regex: 'x' })).toThrow(/built in/);
});

test('url() in templates', async () => {
  expect(templateUrl('blog:detail', { id: 9 })).toBe('/blog/9/');
  const html = await fromString("{{ url('blog:detail', id=4) }} {{ url('home') }} {{ url('blog:detail', 8) }}").render({});
  expect(html).toBe('/blog/4/ / /blog/8/');
});

test('urlTable lists every route with names and views', () => {
  const rows = urlTable();
  expect(rows).toContainEqual(expect.objectContaining({ pattern: '/blog/<int:id>/', name: 'blog:detail', view: 'detail' }));
  expect(rows).toContainEqual(expect.objectContaining({ pattern: '/news/<int:id>/', name: 'news:detail' }));
});

test('URL checks: leading slash, regex in path(), colon in a name, duplicate namespaces, $ in include', () => {
  setUrlconf([
    path('/slash/', index),
    path('^old$', index),
    path('x/', index, { name: 'a:b' }),
    path('one/', include(blogUrls)),
    path('two/', include(blogUrls)),
    rePath('^inc/$', include([path('z/', index)])),
  ]);
  const ids = checkUrlConfig({ settings: loadedSettings() as never }).map((m) => m.id);
  expect(ids).toEqual(expect.arrayContaining(['urls.W002', 'urls.W006', 'urls.W003', 'urls.W005', 'urls.W001']));
  setUrlconf([path('ok/', index)]);
  expect(checkUrlConfig({ settings: loadedSettings() as never })).toEqual([]);
  setUrlconf('does-not-exist');
  expect(checkUrlConfig({ settings: loadedSettings() as never }).map((m) => m.id)).toEqual(['urls.E001']);
});
