import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { resetEngine } from '../../src/template/engine';
import { Http404, type Request } from '../../src/http';
import { ObjectDoesNotExist } from '../../src/orm/errors';
import { get404, getList404, redirect, render } from '../../src/shortcuts';
import { path as route, setUrlconf } from '../../src/urls';
import { DetailView, ListView, Paginator, RedirectView, TemplateView, View } from '../../src/views';
import { Client } from '../../src/test-client';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

// A stand-in for a model: the views only use objects.all()/get()/filter(), count() and slice().
class NotFound extends ObjectDoesNotExist {}
const rows = Array.from({ length: 23 }, (_, i) => ({ pk: i + 1, slug: `post-${i + 1}`, title: `Post ${i + 1}` }));
const query = (list: typeof rows) => ({
  all: () => query(list),
  filter: (c: Record<string, unknown>) => query(list.filter((r) => Object.entries(c).every(([k, v]) => (r as Record<string, unknown>)[k] === v))),
  get: async (c: Record<string, unknown>) => {
    const found = list.filter((r) => Object.entries(c).every(([k, v]) => (r as Record<string, unknown>)[k] === v));
    if (!found.length) throw new NotFound('Post matching query does not exist.');
    return found[0];
  },
  count: async () => list.length,
  slice: async (a: number, b: number) => list.slice(a, b),
  then: <R>(resolve?: ((v: typeof rows) => R) | null) => Promise.resolve(list).then(resolve),
});
const Post = { name: 'Post', objects: query(rows), _meta: { appLabel: 'blog', modelName: 'post' } };

class Home extends TemplateView {
  templateName = 'home.html';
  async getContextData(params: Record<string, unknown>) {
    return { ...(await super.getContextData(params)), greeting: 'hi' };
  }
}
class PostList extends ListView {
  model = Post;
  paginateBy = 10;
}
class PostDetail extends DetailView {
  model = Post;
}
class OnlyPost extends View {
  async post() {
    return redirect('home');
  }
}

beforeAll(() => {
  const root = makeSuiteTempDir('hyper-views-');
  writeFiles(root, {
    'templates/home.html': '{{ greeting }} {{ name }} {{ url("list") }}',
    'templates/blog/post_list.html': '{% for p in postList %}{{ p.pk }},{% endfor %} page {{ pageObj.number }}/{{ paginator.numPages }} {{ isPaginated }}',
    'templates/blog/post_detail.html': '{{ post.title }}|{{ object.slug }}',
  });
  configure({ ALLOWED_HOSTS: ['testserver'], TEMPLATES: [{ DIRS: [path.join(root, 'templates')] }] }, { projectRoot: root });
  resetEngine();
  setUrlconf([
    route('', Home.asView(), { name: 'home' }),
    route('hello/<str:name>/', Home.asView({ extraContext: { from: 'init' } })),
    route('posts/', PostList.asView(), { name: 'list' }),
    route('posts/<int:pk>/', PostDetail.asView(), { name: 'detail' }),
    route('by-slug/<slug:slug>/', PostDetail.asView()),
    route('old/<int:pk>/', RedirectView.asView({ patternName: 'detail', permanent: true })),
    route('go/', RedirectView.asView({ url: '/posts/', queryString: true })),
    route('gone/', RedirectView.asView()),
    route('only-post/', OnlyPost.asView()),
    route('render/', (request: Request) => render(request, 'home.html', { greeting: 'rendered', name: request.query.get('n') })),
  ]);
});
afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

const client = () => new Client({ log: () => undefined });

test('TemplateView with params, extra context and url()', async () => {
  const res = await client().get('/hello/ann/');
  expect(res.text).toBe('hi ann /posts/');
  expect(res.templateName).toBe('home.html');
  expect(res.context).toEqual(expect.objectContaining({ name: 'ann', from: 'init' }));
});

test('ListView paginates; bad pages are 404; DetailView by pk and slug, 404 when missing', async () => {
  const c = client();
  expect((await c.get('/posts/')).text).toBe('1,2,3,4,5,6,7,8,9,10, page 1/3 true');
  expect((await c.get('/posts/', { query: { page: 3 } })).text).toBe('21,22,23, page 3/3 true');
  expect((await c.get('/posts/', { query: { page: 'last' } })).text).toContain('page 3/3');
  expect((await c.get('/posts/', { query: { page: 9 } })).status).toBe(404);
  expect((await c.get('/posts/', { query: { page: 'x' } })).status).toBe(404);
  expect((await c.get('/posts/7/')).text).toBe('Post 7|post-7');
  expect((await c.get('/by-slug/post-9/')).text).toBe('Post 9|post-9');
  expect((await c.get('/posts/99/')).status).toBe(404);
});

test('RedirectView: pattern names, permanent, query strings, 410 without a target; 405 with Allow', async () => {
  const c = client();
  const old = await c.get('/old/5/');
  expect([old.status, old.url]).toEqual([301, '/posts/5/']);
  const go = await c.get('/go/', { query: { page: 2 } });
  expect([go.status, go.url]).toEqual([302, '/posts/?page=2']);
  expect((await c.get('/gone/')).status).toBe(410);
  const only = await c.get('/only-post/');
  expect(only.status).toBe(405);
  expect(only.headers.get('allow')).toBe('POST, OPTIONS');
  expect((await c.post('/only-post/', { a: '1' })).url).toBe('/');
  expect(() => Home.asView({ get: 1 } as never)).toThrow(/not accepted/);
  expect(() => Home.asView({ bogus: 1 } as never)).toThrow(/invalid keyword/);
});

test('render, get404, getList404 and the Paginator on arrays', async () => {
  expect((await client().get('/render/', { query: { n: '<b>' } })).text).toBe('rendered &lt;b&gt; /posts/');
  expect(await get404(Post, { pk: 2 })).toEqual(rows[1]);
  await expect(get404(Post.objects, { pk: 0 })).rejects.toThrow(Http404);
  await expect(get404(Post, { pk: 0 })).rejects.toThrow('No Post matches the given query.');
  expect(await getList404(Post as never, { slug: 'post-3' })).toEqual([rows[2]]);
  await expect(getList404(Post as never, { slug: 'none' })).rejects.toThrow(Http404);
  const p = new Paginator([1, 2, 3, 4, 5, 6, 7], 3, 1);
  const last = await p.page(2);
  expect([p.numPages, last.objectList, last.hasNext(), last.startIndex(), last.endIndex()]).toEqual([2, [4, 5, 6, 7], false, 4, 7]);
  expect((await new Paginator([], 5).page(1)).objectList).toEqual([]);
});
