// QuerySet behaviour on both backends: lookups, transforms, ordering, slicing, values,
// aggregation, expressions, updates, and the compiled-SQL cache.
import {
  atomic, Exists, ExpressionWrapper, FloatField, Now, OuterRef, StdDev, Subquery, Variance, Avg, Case, Coalesce, Concat, Count, F, FieldError, Length, Lower, Max, Min, Q, clearShapeCache, shapeCacheSize, Sum, Value, When, RawSQL, Cast, IntegerField, TextField,
} from '../../src/orm';
import { InvalidArgument } from '../../src/core/errors';
import { BACKENDS } from '../support/test-databases';
import { Author, Post, Tag } from './models';
import { countQueries, useDatabase } from './support';

async function seed() {
  const ann = await Author.objects.create({ username: 'ann', email: 'ann@example.com' });
  const bob = await Author.objects.create({ username: 'bob', active: false });
  const cy = await Author.objects.create({ username: 'cy_50%' });
  const at = (iso: string) => new Date(iso);
  const posts = [
    { title: 'Hello Node', author: ann, views: 10, published: true, created: at('2024-01-05T10:00:00Z'), rating: '4.50' },
    { title: 'TypeScript tips', author: ann, views: 2500, published: true, created: at('2024-02-10T23:30:00Z'), rating: '3.25' },
    { title: 'Draft about ORMs', author: bob, views: 0, published: false, created: at('2023-12-31T08:15:00Z'), rating: null },
    { title: '50% off_sale', author: cy, views: 7, published: true, created: at('2024-02-29T12:00:00Z'), rating: '1.00' },
  ];
  for (const values of posts) {
    const post = await Post.objects.create(values);
    await Post.objects.filter({ pk: post.pk }).update({ created: values.created });
  }
  return { ann, bob, cy };
}

const titles = async (query: PromiseLike<Array<{ title: string }>>) => (await query).map((post) => post.title).sort();

describe.each(BACKENDS)('queries on %s', (kind) => {
  useDatabase(kind);
  beforeEach(seed);

  it('filters with every lookup', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ title: 'Hello Node' }, ['Hello Node']],
      [{ title__exact: 'hello node' }, []],
      [{ title__iexact: 'hello node' }, ['Hello Node']],
      [{ title__contains: 'Node' }, ['Hello Node']],
      [{ title__icontains: 'node' }, ['Hello Node']],
      [{ title__startswith: 'Type' }, ['TypeScript tips']],
      [{ title__istartswith: 'type' }, ['TypeScript tips']],
      [{ title__endswith: 'ORMs' }, ['Draft about ORMs']],
      [{ title__iendswith: 'orms' }, ['Draft about ORMs']],
      [{ views__gt: 10 }, ['TypeScript tips']],
      [{ views__gte: 10 }, ['Hello Node', 'TypeScript tips']],
      [{ views__lt: 7 }, ['Draft about ORMs']],
      [{ views__lte: 7 }, ['50% off_sale', 'Draft about ORMs']],
      [{ views__in: [0, 7, 999] }, ['50% off_sale', 'Draft about ORMs']],
      [{ views__in: [] }, []],
      [{ views__range: [5, 10] }, ['50% off_sale', 'Hello Node']],
      [{ rating__isnull: true }, ['Draft about ORMs']],
      [{ rating__isnull: false }, ['50% off_sale', 'Hello Node', 'TypeScript tips']],
      [{ rating: null }, ['Draft about ORMs']],
      [{ title__regex: '^[A-Z][a-z]+ ' }, ['Draft about ORMs', 'Hello Node']],
      [{ title__iregex: '^typescript' }, ['TypeScript tips']],
      [{ rating__gt: '3.5' }, ['Hello Node']],
    ];
    for (const [conditions, expected] of cases) {
      expect([JSON.stringify(conditions), await titles(Post.objects.filter(conditions))]).toEqual([JSON.stringify(conditions), expected]);
    }
  });

  it('treats % and _ in pattern lookups as text, not wildcards', async () => {
    expect(await titles(Post.objects.filter({ title__contains: '50%' }))).toEqual(['50% off_sale']);
    expect(await titles(Post.objects.filter({ title__contains: '%' }))).toEqual(['50% off_sale']);
    expect(await titles(Post.objects.filter({ title__contains: '_' }))).toEqual(['50% off_sale']);
    expect(await Author.objects.filter({ username__icontains: 'y_5' }).count()).toBe(1);
  });

  it('applies transforms on dates and text', async () => {
    expect(await titles(Post.objects.filter({ created__year: 2023 }))).toEqual(['Draft about ORMs']);
    expect(await titles(Post.objects.filter({ created__month: 2 }))).toEqual(['50% off_sale', 'TypeScript tips']);
    expect(await titles(Post.objects.filter({ created__day: 29 }))).toEqual(['50% off_sale']);
    expect(await titles(Post.objects.filter({ created__year__gte: 2024, created__hour__lt: 11 }))).toEqual(['Hello Node']);
    expect(await titles(Post.objects.filter({ created__date: '2024-02-10' }))).toEqual(['TypeScript tips']);
    // 2024-01-05 was a Friday: week_day 6 (1 = Sunday, as in Django).
    expect(await titles(Post.objects.filter({ created__week_day: 6 }))).toEqual(['Hello Node']);
    expect(await titles(Post.objects.filter({ created__minute: 30, created__second: 0 }))).toEqual(['TypeScript tips']);
    expect(await titles(Post.objects.filter({ title__lower: 'hello node' }))).toEqual(['Hello Node']);
    expect(await titles(Post.objects.filter({ title__upper__startswith: 'TYPE' }))).toEqual(['TypeScript tips']);
    expect(await titles(Post.objects.filter({ title__length__gt: 15 }))).toEqual(['Draft about ORMs']);
    expect(await Author.objects.filter({ username__trim: 'ann' }).count()).toBe(1);
    // 2023-12-31 is in ISO year 2023's week 52; 2024-01-05 in ISO week 1 of 2024; 2024-02-29 a Thursday in Q1.
    expect(await titles(Post.objects.filter({ created__iso_year: 2023 }))).toEqual(['Draft about ORMs']);
    expect(await titles(Post.objects.filter({ created__week: 1 }))).toEqual(['Hello Node']);
    expect(await titles(Post.objects.filter({ created__iso_week_day: 4 }))).toEqual(['50% off_sale']);
    expect(await Post.objects.filter({ created__quarter: 1 }).count()).toBe(3);
  });

  it('spans relations forwards and backwards', async () => {
    expect(await titles(Post.objects.filter({ author__username: 'ann' }))).toEqual(['Hello Node', 'TypeScript tips']);
    expect(await titles(Post.objects.filter({ author__active: false }))).toEqual(['Draft about ORMs']);
    const withPopular = await Author.objects.filter({ posts__views__gt: 1000 }).valuesList('username', { flat: true });
    expect(withPopular).toEqual(['ann']);
    expect(await Author.objects.filter({ posts__published: true }).distinct().count()).toBe(2);
    expect(await Author.objects.filter({ posts__isnull: true }).count()).toBe(0);
  });

  it('combines conditions with Q, and exclude() keeps rows whose value is NULL', async () => {
    expect(await titles(Post.objects.filter(Q({ views__gt: 1000 }).or(Q({ title__startswith: 'Draft' }))))).toEqual(['Draft about ORMs', 'TypeScript tips']);
    expect(await titles(Post.objects.filter(Q({ published: true }).and(Q({ views__lt: 10 }).not())))).toEqual(['Hello Node', 'TypeScript tips']);
    expect(await titles(Post.objects.exclude({ rating__gt: '2' }))).toEqual(['50% off_sale', 'Draft about ORMs']);
    expect(await titles(Post.objects.filter({ published: true }).exclude({ author__username: 'ann' }))).toEqual(['50% off_sale']);
    expect(await Post.objects.filter(Q()).count()).toBe(4);
  });

  it('compares columns with F and updates with expressions', async () => {
    expect(await titles(Post.objects.filter({ views__gt: F('id').mul(5) }))).toEqual(['Hello Node', 'TypeScript tips']);
    const changed = await Post.objects.filter({ published: true }).update({ views: F('views').add(1) });
    expect(changed).toBe(3);
    expect(await Post.objects.orderBy('views').valuesList('views', { flat: true })).toEqual([0, 8, 11, 2501]);
    expect(await Post.objects.filter({ author__username: 'bob' }).update({ title: 'Renamed' })).toBe(1);
    expect(await Post.objects.filter({ title: 'Renamed' }).count()).toBe(1);
  });

  it('orders, reverses, slices and picks first/last/earliest/latest', async () => {
    expect((await Post.objects.all()).map((post) => post.title)).toEqual(['50% off_sale', 'TypeScript tips', 'Hello Node', 'Draft about ORMs']);
    expect((await Post.objects.orderBy('views')).map((p) => p.views)).toEqual([0, 7, 10, 2500]);
    expect((await Post.objects.orderBy('-views').reverse()).map((p) => p.views)).toEqual([0, 7, 10, 2500]);
    expect((await Post.objects.orderBy('author__username', '-views')).map((p) => p.title)).toEqual(['TypeScript tips', 'Hello Node', 'Draft about ORMs', '50% off_sale']);
    expect((await Post.objects.orderBy(F('rating').desc({ nullsLast: true }))).map((p) => p.rating)).toEqual(['4.50', '3.25', '1.00', null]);
    expect((await Post.objects.orderBy(F('rating').asc({ nullsFirst: true }))).map((p) => p.rating)).toEqual([null, '1.00', '3.25', '4.50']);
    expect((await Post.objects.orderBy('views').slice(1, 3)).map((p) => p.views)).toEqual([7, 10]);
    expect((await Post.objects.orderBy('views').slice(1, 3).slice(1)).map((p) => p.views)).toEqual([10]);
    expect((await Post.objects.orderBy('views').slice(2)).map((p) => p.views)).toEqual([10, 2500]);
    expect((await Post.objects.orderBy('?')).length).toBe(4);
    expect((await Post.objects.orderBy('views').first())!.views).toBe(0);
    expect((await Post.objects.orderBy('views').last())!.views).toBe(2500);
    expect((await Post.objects.first())!.title).toBe('50% off_sale');
    expect(await Post.objects.filter({ views: -1 }).first()).toBeNull();
    expect((await Post.objects.latest('created')).title).toBe('50% off_sale');
    expect((await Post.objects.earliest('created')).title).toBe('Draft about ORMs');
    expect(() => Post.objects.slice(0, 2).filter({ views: 1 })).toThrow(FieldError);
    expect(() => Post.objects.slice(-1)).toThrow(InvalidArgument);
  });

  it('returns values(), valuesList() and distinct rows', async () => {
    expect(await Post.objects.orderBy('views').values('title', 'author__username').slice(0, 2)).toEqual([
      { title: 'Draft about ORMs', author__username: 'bob' },
      { title: '50% off_sale', author__username: 'cy_50%' },
    ]);
    expect(await Post.objects.orderBy('views').valuesList('views', 'published').slice(0, 2)).toEqual([[0, false], [7, true]]);
    expect(await Post.objects.orderBy('author__username').valuesList('author__username', { flat: true }).distinct()).toEqual(['ann', 'bob', 'cy_50%']);
    const first = (await Post.objects.orderBy('views').values().slice(0, 1))[0];
    expect(Object.keys(first)).toEqual(['id', 'title', 'body', 'authorId', 'editorId', 'views', 'published', 'created', 'rating']);
    expect(await Post.objects.values({ lowered: Lower('title') }).filter({ views: 0 })).toEqual([{ lowered: 'draft about orms' }]);
  });

  it('counts, checks existence and gets exactly one', async () => {
    expect(await Post.objects.count()).toBe(4);
    expect(await Post.objects.filter({ published: true }).count()).toBe(3);
    expect(await Post.objects.orderBy('views').slice(1, 3).count()).toBe(2);
    expect(await Post.objects.filter({ views__gt: 100 }).exists()).toBe(true);
    expect(await Post.objects.filter({ views__gt: 10000 }).exists()).toBe(false);
    expect((await Post.objects.get({ title: 'Hello Node' })).views).toBe(10);
    await expect(Post.objects.get({ title: 'nope' })).rejects.toBeInstanceOf(Post.DoesNotExist);
    await expect(Post.objects.get({ title: 'nope' })).rejects.toThrow('Post matching query does not exist: {"title":"nope"}.');
    await expect(Post.objects.get({ published: true })).rejects.toBeInstanceOf(Post.MultipleObjectsReturned);
    await expect(Post.objects.get({ published: true })).rejects.toThrow('get() returned more than one Post matching {"published":true}: 3.');
    expect(Post.DoesNotExist).not.toBe(Author.DoesNotExist);
  });

  it('aggregates and annotates, with filters, HAVING and expressions', async () => {
    expect(await Post.objects.aggregate({ total: Count('id'), most: Max('views'), least: Min('views'), sum: Sum('views'), avg: Avg('rating') })).toEqual({
      total: 4,
      most: 2500,
      least: 0,
      sum: 2517,
      avg: '2.9166666666666667',
    });
    expect(await Post.objects.filter({ views: -1 }).aggregate({ total: Count('id'), sum: Sum('views') })).toEqual({ total: 0, sum: null });
    expect(await Post.objects.aggregate({ published: Count('id', { filter: Q({ published: true }) }), authors: Count('author', { distinct: true }) })).toEqual({ published: 3, authors: 3 });
    const busy = await Author.objects.annotate({ nPosts: Count('posts') }).filter({ nPosts__gte: 2 });
    expect(busy.map((a) => [a.username, (a as unknown as { nPosts: number }).nPosts])).toEqual([['ann', 2]]);
    const perAuthor = await Post.objects.values('author__username').annotate({ total: Sum('views') }).orderBy('author__username');
    expect(perAuthor).toEqual([
      { author__username: 'ann', total: 2510 },
      { author__username: 'bob', total: 0 },
      { author__username: 'cy_50%', total: 7 },
    ]);
    const labelled = await Post.objects
      .annotate({
        size: Case([When({ views__gte: 1000 }, 'big'), When({ views__gte: 10 }, 'medium')], { default: 'small' }),
        shout: Concat(F('title'), Value('!')),
        length: Length('title'),
        score: Coalesce('rating', Value('0')),
        doubled: F('views').mul(2),
        raw: RawSQL('%s + 1', [41], IntegerField()),
        asText: Cast('views', TextField()),
      })
      .orderBy('views');
    expect(labelled.map((p) => { const a = p as unknown as Record<string, unknown>; return [a.size, a.shout, a.length, a.score, a.doubled, a.raw, a.asText]; })).toEqual([
      ['small', 'Draft about ORMs!', 16, '0.00', 0, 42, '0'],
      ['small', '50% off_sale!', 12, '1.00', 14, 42, '7'],
      ['medium', 'Hello Node!', 10, '4.50', 20, 42, '10'],
      ['big', 'TypeScript tips!', 15, '3.25', 5000, 42, '2500'],
    ]);
    expect(await Post.objects.alias({ n: Length('title') }).filter({ n: 10 }).valuesList('title', { flat: true })).toEqual(['Hello Node']);
    const spread = await Post.objects.filter({ views__lte: 10 }).aggregate({ sd: StdDev('views'), sample: StdDev('views', { sample: true }), variance: Variance('views') });
    expect([spread.sd, spread.sample, spread.variance].map((value) => Number((value as number).toFixed(4)))).toEqual([4.1899, 5.1316, 17.5556]);
    const timed = await Post.objects.annotate({ now: Now(), ratio: ExpressionWrapper(F('views').div(2), FloatField()) }).filter({ views: 7 });
    const row = timed[0] as unknown as { now: Date; ratio: number };
    expect(row.now).toBeInstanceOf(Date);
    expect(Math.abs(row.now.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.ratio).toBe(3);
  });

  it('iterates big results through a cursor and fetches by key in bulk', async () => {
    const seen: string[] = [];
    for await (const post of Post.objects.orderBy('views').iterator({ chunkSize: 1 })) seen.push(post.title);
    expect(seen).toEqual(['Draft about ORMs', '50% off_sale', 'Hello Node', 'TypeScript tips']);
    const all = await Post.objects.all();
    const byId = await Post.objects.inBulk([all[0].id, all[1].id]);
    expect([...byId.keys()].sort()).toEqual([all[0].id, all[1].id].sort());
    expect((await Author.objects.inBulk(['ann'], { fieldName: 'username' })).get('ann')!.username).toBe('ann');
    await expect(Post.objects.inBulk([1], { fieldName: 'title' })).rejects.toThrow("inBulk()'s fieldName must be a unique field; 'title' is not.");
  });

  it('combines with union, intersection and difference; none() never queries', async () => {
    const popular = Post.objects.filter({ views__gte: 10 });
    const drafts = Post.objects.filter({ published: false });
    expect(await titles(popular.union(drafts))).toEqual(['Draft about ORMs', 'Hello Node', 'TypeScript tips']);
    expect(await titles(Post.objects.filter({ published: true }).intersection(popular))).toEqual(['Hello Node', 'TypeScript tips']);
    expect(await titles(Post.objects.all().difference(popular))).toEqual(['50% off_sale', 'Draft about ORMs']);
    expect(await countQueries(async () => {
      expect(await Post.objects.none()).toEqual([]);
      expect(await Post.objects.none().count()).toBe(0);
      expect(await Post.objects.none().update({ views: 1 })).toBe(0);
    })).toBe(0);
  });

  it('binds hostile input as data and rejects hostile names', async () => {
    const hostile = "'; DROP TABLE blog_post; --";
    expect(await Post.objects.filter({ title: hostile }).count()).toBe(0);
    expect(await Post.objects.filter({ title__icontains: hostile, views__in: [hostile.length] }).count()).toBe(0);
    await Author.objects.create({ username: hostile });
    expect((await Author.objects.get({ username: hostile })).username).toBe(hostile);
    expect(() => Post.objects.orderBy('title; DROP TABLE blog_post')).toThrow(FieldError);
    expect(() => Post.objects.orderBy('"title"')).toThrow(FieldError);
    // @ts-expect-error not a field name: refused at compile time too
    expect(() => Post.objects.values('title") FROM blog_post --')).toThrow(FieldError);
    expect(() => Post.objects.annotate({ 'x" FROM blog_post --': Count('id') })).toThrow("is not a valid annotation name");
    expect(() => Post.objects.filter({ 'title__icontains) OR 1=1 --': 'x' })).toThrow(FieldError);
    // @ts-expect-error a misspelt field: refused at compile time too
    expect(() => Post.objects.filter({ titel: 'x' })).toThrow("Cannot resolve keyword 'titel' into field of Post. Choices are: author, body, comments, created, editor, id, published, rating, tags, title, views.");
    expect(() => Post.objects.filter({ title__icontain: 'x' })).toThrow("Unsupported lookup 'icontain' for CharField 'title__icontain'. Did you mean 'icontains'?");
    expect(await Post.objects.count()).toBe(4);
  });

  it('compiles each query shape once and reuses its SQL with other values', async () => {
    const make = (views: number, title: string) => Post.objects.filter({ views__gte: views, title__icontains: title }).orderBy('-views').slice(0, 10);
    const first = make(1, 'a').toSQL();
    const size = shapeCacheSize();
    const second = make(99, 'b').toSQL();
    expect(shapeCacheSize()).toBe(size);
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual([1, '%a%', 10]);
    expect(second.parameters).toEqual([99, '%b%', 10]);
    expect(second.sql).toBe('SELECT "t0"."id" AS "c0", "t0"."title" AS "c1", "t0"."body" AS "c2", "t0"."author_id" AS "c3", "t0"."editor_id" AS "c4", "t0"."views" AS "c5", "t0"."published" AS "c6", "t0"."created" AS "c7", "t0"."rating" AS "c8" FROM "blog_post" AS "t0" WHERE ("t0"."views" >= $1 AND "t0"."title"::text ILIKE $2) ORDER BY "t0"."views" DESC LIMIT $3');
    expect((await make(5, 'tips')).map((p) => p.title)).toEqual(['TypeScript tips']);
    const ins = Post.objects.filter({ views__in: [1, 2, 3] }).toSQL();
    expect(Post.objects.filter({ views__in: [4] }).toSQL().sql).toBe(ins.sql);
  });

  it('filters with __in on a QuerySet or a Subquery, as IN (SELECT ...)', async () => {
    expect(await titles(Post.objects.filter({ author__in: Author.objects.filter({ active: true }) }))).toEqual(['50% off_sale', 'Hello Node', 'TypeScript tips']);
    expect(await titles(Post.objects.exclude({ author__in: Author.objects.filter({ active: true }) }))).toEqual(['Draft about ORMs']);
    expect(await titles(Post.objects.filter({ author__in: Author.objects.filter({ username__startswith: 'b' }).values('pk') }))).toEqual(['Draft about ORMs']);
    expect(await titles(Post.objects.filter({ id__in: Subquery(Post.objects.filter({ views__gt: 100 }).values('id')) }))).toEqual(['TypeScript tips']);
    expect(Post.objects.filter({ author__in: Author.objects.filter({ active: true }) }).toSQL().sql).toContain('"t0"."author_id" IN (SELECT "u0"."id" FROM "blog_author" AS "u0" WHERE "u0"."active" = $1');
  });

  it('binds a cached shape\'s values exactly as compiling it afresh does', async () => {
    // Values bound in the select list, WHERE, HAVING, ORDER BY, DISTINCT ON, a subquery, LIMIT and OFFSET.
    const shapes: Array<(n: number, s: string) => { toSQL(): { sql: string; parameters: unknown[] } }> = [
      (n, s) => Post.objects.annotate({ bonus: ExpressionWrapper(F('views').add(Value(n)), IntegerField()) }).filter({ title__startswith: s }).orderBy('-bonus').slice(n, n + 5),
      (n, s) => Post.objects.values('author__username').annotate({ total: Sum('views') }).filter({ total__gt: n, author__username__icontains: s }).orderBy('author__username'),
      (n, s) => Post.objects.filter(Q({ views__lt: n }).or(Q({ title__iexact: s })).not()).exclude({ tags__name: s }).orderBy(Coalesce('rating', Value(String(n))).desc()),
      (n, s) => Post.objects.filter({ author__in: Author.objects.filter({ username__endswith: s }).values('pk'), views__range: [n, n * 2] }).distinct(),
      (n, s) => Post.objects.orderBy('author', '-views').distinct('author').filter({ title__regex: s, views__gte: n }),
      (n, s) => Post.objects.annotate({ label: Concat('title', Value(s)) }).filter({ id__in: [n, n + 1, n + 2] }).values('label'),
    ];
    for (const shape of shapes) {
      shape(1, 'a').toSQL();
      const cached = shape(7, 'zz').toSQL();
      clearShapeCache();
      expect(cached).toEqual(shape(7, 'zz').toSQL());
    }
    // The same shape run twice with other values reads other rows.
    const page = (n: number, s: string) => Post.objects.annotate({ bonus: ExpressionWrapper(F('views').add(Value(n)), IntegerField()) }).filter({ title__startswith: s }).orderBy('-bonus');
    expect((await page(1, 'T')).map((post) => [post.title, (post as unknown as { bonus: number }).bonus])).toEqual([['TypeScript tips', 2501]]);
    expect((await page(5, 'H')).map((post) => [post.title, (post as unknown as { bonus: number }).bonus])).toEqual([['Hello Node', 15]]);
  });

  it('refuses selectForUpdate outside a transaction', async () => {
    await expect(Post.objects.selectForUpdate()).rejects.toThrow('selectForUpdate() cannot be used outside of a transaction');
  });

  it('explains a query', async () => {
    expect(await Post.objects.filter({ views__gt: 1 }).explain()).toMatch(/Scan on blog_post/);
  });

  it('reads rows with raw SQL, values bound', async () => {
    const rows = await Post.objects.raw('SELECT id, title, views, 1 AS extra FROM blog_post WHERE views > $1 ORDER BY views', [9]);
    expect(rows.map((p) => [p.title, p.views, (p as unknown as { extra: number }).extra])).toEqual([['Hello Node', 10, 1], ['TypeScript tips', 2500, 1]]);
    expect(rows[0]).toBeInstanceOf(Post);
  });
});

describe('one tag model is used', () => {
  it('keeps the Tag model importable', () => {
    expect(Tag._meta.dbTable).toBe('blog_tag');
  });
});

describe.each(BACKENDS)('subqueries on %s', (kind) => {
  useDatabase(kind);
  beforeEach(seed);

  it('annotates with a Subquery and filters with Exists and OuterRef', async () => {
    const top = await Author.objects
      .annotate({ topPost: Subquery(Post.objects.filter({ author: OuterRef('pk') }).orderBy('-views').values('title').slice(0, 1)) })
      .orderBy('username');
    expect(top.map((a) => [a.username, (a as unknown as { topPost: string }).topPost])).toEqual([['ann', 'TypeScript tips'], ['bob', 'Draft about ORMs'], ['cy_50%', '50% off_sale']]);
    const withPublished = Exists(Post.objects.filter({ author: OuterRef('pk'), published: true }));
    expect(await Author.objects.filter(withPublished).orderBy('username').valuesList('username', { flat: true })).toEqual(['ann', 'cy_50%']);
    expect(await Author.objects.exclude(withPublished).valuesList('username', { flat: true })).toEqual(['bob']);
    expect(await Author.objects.filter(withPublished.not()).valuesList('username', { flat: true })).toEqual(['bob']);
    const again = Author.objects.filter(Exists(Post.objects.filter({ author: OuterRef('pk'), views__gt: 100 }))).toSQL();
    expect(again.sql).toContain('EXISTS (SELECT 1 FROM "blog_post" AS "u0" WHERE ("u0"."author_id" = "t0"."id" AND "u0"."views" > $1))');
  });

  it('locks the rows of named relations with selectForUpdate({ of })', async () => {
    const sql = Post.objects.selectRelated('author').selectForUpdate({ of: ['self', 'author'] }).toSQL().sql;
    expect(sql).toMatch(/FOR UPDATE OF "t0", "t1"$/);
    await atomic(async () => {
      expect((await Post.objects.selectRelated('author').selectForUpdate({ of: ['self'], skipLocked: true })).length).toBe(4);
    });
    expect(() => Post.objects.selectForUpdate({ of: ['nope'] })).toThrow(FieldError);
  });
});
