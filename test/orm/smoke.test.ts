import { configure, resetSettings } from '../../src/conf/settings';
import { connections, createTables, Count, F, Q } from '../../src/orm';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';
import { ALL_MODELS, Author, Post, Tag } from './models';

describe.each(BACKENDS)('smoke on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'x' });
    await createTables(ALL_MODELS);
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
  });

  it('works', async () => {
    const ann = await Author.objects.create({ username: 'ann' });
    const bob = await Author.objects.create({ username: 'bob' });
    const p = await Post.objects.create({ title: 'Hello node', author: ann });
    await Post.objects.create({ title: 'Second', author: bob, views: 5000 });
    const t = await Tag.objects.create({ name: 'ts' });
    await p.tags.add(t);
    console.log(Post.objects.filter({ title__icontains: 'node' }).toSQL());
    expect(await Post.objects.filter({ title__icontains: 'node' }).count()).toBe(1);
    const posts = await Post.objects.selectRelated('author').orderBy('title');
    expect(posts.map((x) => x.author.username)).toEqual(['ann', 'bob']);
    expect(await Post.objects.filter(Q({ author__username: 'ann' }).or(Q({ tags__name: 'ts' }))).distinct().count()).toBe(1);
    await Post.objects.filter({ id: p.id }).update({ views: F('views').add(1) });
    const busy = await Author.objects.annotate({ nPosts: Count('posts') }).filter({ nPosts__gte: 1 });
    expect(busy.length).toBe(2);
    expect((await p.tags.all()).map((x) => x.name)).toEqual(['ts']);
    expect((await t.posts.all()).length).toBe(1);
    expect(await ann.posts.count()).toBe(1);
    const pf = await Post.objects.prefetchRelated('tags', 'author').orderBy('title');
    expect(pf[0].author.username).toBe('ann');
    await ann.delete();
    expect(await Post.objects.count()).toBe(1);
  });
});
