// Which statements run prepared on a server: a shape whose plan cannot depend on its
// values (a row by its primary key or a unique value) is prepared by name once hot and
// may run on PostgreSQL's generic plan; any other shape is planned for its values at
// every execution, so a skewed value never runs on a plan made for the average one.
// And get() reads no LIMIT where at most one row can match.
import { observeQueries } from '../../src/db';
import { atomic, connections } from '../../src/orm';
import { Author, Post } from './models';
import { useDatabase } from './support';

useDatabase('postgres');

interface PreparedRow {
  statement: string;
  generic_plans: number;
  custom_plans: number;
}

/** The session's prepared statements: call inside atomic(), which holds one connection. */
async function prepared(): Promise<PreparedRow[]> {
  const { rows } = await connections.get().execute<PreparedRow>({ sql: 'SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements', parameters: [] });
  return rows;
}

async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  await observeQueries((query) => seen.push(query.sql), fn);
  return seen;
}

test('a lookup by primary key or unique value is prepared once hot and runs on the generic plan', async () => {
  const author = await Author.objects.create({ username: 'ann' });
  const rows = await atomic(async () => {
    for (let i = 0; i < 10; i++) {
      expect((await Author.objects.get({ pk: author.pk })).username).toBe('ann');
      expect((await Author.objects.get({ username: 'ann' })).pk).toBe(author.pk);
    }
    return prepared();
  });
  const byPk = rows.filter((row) => /FROM "blog_author" AS "t0" WHERE "t0"."id" = \$1$/.test(row.statement));
  const byName = rows.filter((row) => /FROM "blog_author" AS "t0" WHERE "t0"."username" = \$1$/.test(row.statement));
  expect(byPk).toHaveLength(1);
  expect(byName).toHaveLength(1);
  expect(byPk[0].generic_plans).toBeGreaterThan(0);
  expect(byName[0].generic_plans).toBeGreaterThan(0);
});

test('a statement without values is prepared once hot: it has no value to plan for', async () => {
  await Author.objects.create({ username: 'all' });
  const rows = await atomic(async () => {
    for (let i = 0; i < 3; i++) expect(await Author.objects.all().fetch()).toHaveLength(1);
    return prepared();
  });
  expect(rows.filter((row) => /^SELECT .* FROM "blog_author" AS "t0" ORDER BY "t0"."username" ASC$/.test(row.statement))).toHaveLength(1);
});

test('a shape whose best plan depends on its values is planned for them at every execution', async () => {
  const author = await Author.objects.create({ username: 'bob' });
  // Skewed: nearly every post has 0 views, a few have many.
  await Post.objects.bulkCreate(Array.from({ length: 300 }, (_, i) => new Post({ title: `p${i}`, author, views: i < 295 ? 0 : 1000 + i })));
  const rows = await atomic(async () => {
    for (let i = 0; i < 10; i++) {
      await Post.objects.filter({ views__gte: i % 2 ? 0 : 1000 }).count();
      await Post.objects.filter({ title__startswith: `p${i}` }).orderBy('id').slice(0, 5).fetch();
      await Post.objects.filter({ author: author.pk, views: i }).fetch();
    }
    return prepared();
  });
  const onPosts = rows.filter((row) => row.statement.startsWith('SELECT') && row.statement.includes('"blog_post"'));
  expect(onPosts.filter((row) => row.generic_plans > 0)).toEqual([]);
  // Not prepared at all: each execution is planned for its values.
  expect(onPosts).toEqual([]);
});

test('get() reads no LIMIT where at most one row can match, LIMIT 21 otherwise', async () => {
  const author = await Author.objects.create({ username: 'cy' });
  const post = await Post.objects.create({ title: 'one', author });
  await Post.objects.create({ title: 'two', author });

  const [byPk] = await statementsOf(() => Post.objects.get({ pk: post.pk }));
  expect(byPk).not.toMatch(/LIMIT/);
  const [byUnique] = await statementsOf(() => Author.objects.get({ username: 'cy' }));
  expect(byUnique).not.toMatch(/LIMIT/);
  // A many-valued relation in the conditions can bring the row back more than once.
  const [acrossTags] = await statementsOf(() => Post.objects.filter({ tags__name: 'x' }).get({ pk: post.pk }).catch(() => null));
  expect(acrossTags).toMatch(/LIMIT \$\d+$/);
  const [byAuthor] = await statementsOf(() => Post.objects.get({ author }).catch(() => null));
  expect(byAuthor).toMatch(/LIMIT \$\d+$/);
  await expect(Post.objects.get({ author })).rejects.toThrow(/^get\(\) returned more than one Post matching .*: 2\.$/);
  await expect(Post.objects.get({ pk: -1 })).rejects.toBeInstanceOf(Post.DoesNotExist);
});
