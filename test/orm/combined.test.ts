// union(), intersection() and difference() followed by what applies to the combined
// rows (values, valuesList, orderBy, slice, count, first), and a clear error for what
// does not (filter after union), as in Django.
import { NotSupportedError } from '../../src/orm';
import { BACKENDS } from '../support/test-databases';
import { Author, Post } from './models';
import { useDatabase } from './support';

async function seed() {
  const ann = await Author.objects.create({ username: 'ann' });
  const bob = await Author.objects.create({ username: 'bob' });
  for (const [title, author, views, published] of [['Alpha', ann, 10, true], ['Beta', ann, 500, true], ['Gamma', bob, 0, false], ['Delta', bob, 3, true]] as const) {
    await Post.objects.create({ title, author, views, published });
  }
}

describe.each(BACKENDS)('combined queries on %s', (kind) => {
  useDatabase(kind);
  beforeEach(seed);
  const popular = () => Post.objects.filter({ views__gte: 10 });
  const drafts = () => Post.objects.filter({ published: false });

  it('values() and valuesList() after union() give the combined rows as values', async () => {
    const rows = (await popular().union(drafts()).values('title', 'views').orderBy('title')) as unknown as Array<Record<string, unknown>>;
    expect(rows).toEqual([{ title: 'Alpha', views: 10 }, { title: 'Beta', views: 500 }, { title: 'Gamma', views: 0 }]);
    const pairs = await popular().union(drafts()).valuesList('title', 'views').orderBy('-views');
    expect(pairs).toEqual([['Beta', 500], ['Alpha', 10], ['Gamma', 0]]);
    const flat = await popular().union(drafts()).valuesList('title', { flat: true }).orderBy('title');
    expect(flat).toEqual(['Alpha', 'Beta', 'Gamma']);
    // Values over a relation (UNION keeps distinct rows of what is selected), and all the fields when none are named.
    expect(await popular().union(drafts()).valuesList('author__username', { flat: true }).orderBy('author__username')).toEqual(['ann', 'bob']);
    expect(await popular().union(drafts(), { all: true }).valuesList('author__username', { flat: true }).orderBy('author__username')).toEqual(['ann', 'ann', 'bob']);
    const whole = (await drafts().union(drafts()).values()) as unknown as Array<Record<string, unknown>>;
    expect(whole).toHaveLength(1);
    expect(Object.keys(whole[0]).sort()).toEqual(['authorId', 'body', 'created', 'editorId', 'id', 'published', 'rating', 'title', 'views']);
  });

  it('orders, slices, counts and takes the first of the combined rows', async () => {
    const both = popular().union(drafts());
    expect(await both.count()).toBe(3);
    expect(await both.valuesList('title', { flat: true }).count()).toBe(3);
    expect(await both.valuesList('title', { flat: true }).orderBy('title').slice(1, 3)).toEqual(['Beta', 'Gamma']);
    expect((await both.orderBy('-views').first())?.title).toBe('Beta');
    expect(await popular().union(drafts(), { all: true }).union(popular()).values('title').count()).toBe(3);
    expect(await Post.objects.all().difference(popular()).valuesList('title', { flat: true }).orderBy('title')).toEqual(['Delta', 'Gamma']);
    expect(await Post.objects.all().intersection(popular()).valuesList('title', { flat: true }).orderBy('title')).toEqual(['Alpha', 'Beta']);
  });

  it('refuses to filter, annotate, update or delete a combined query, naming the method', () => {
    const both = popular().union(drafts());
    expect(() => both.filter({ title: 'Alpha' })).toThrow(NotSupportedError);
    expect(() => both.filter({ title: 'Alpha' })).toThrow('Calling QuerySet.filter() after union() is not supported');
    expect(() => both.exclude({ title: 'Alpha' })).toThrow('Calling QuerySet.exclude() after union() is not supported');
    expect(() => Post.objects.all().difference(popular()).distinct()).toThrow('Calling QuerySet.distinct() after difference() is not supported');
    expect(() => Post.objects.all().intersection(popular()).annotate({ n: 'views' })).toThrow('Calling QuerySet.annotate() after intersection() is not supported');
    expect(() => both.selectRelated('author')).toThrow(NotSupportedError);
    expect(() => both.only('title')).toThrow(NotSupportedError);
    expect(() => both.update({ views: 1 })).toThrow('Calling QuerySet.update() after union() is not supported');
    expect(() => both.delete()).toThrow('Calling QuerySet.delete() after union() is not supported');
    return expect(both.get({ title: 'Alpha' })).rejects.toThrow('Calling QuerySet.get() after union() is not supported');
  });
});
