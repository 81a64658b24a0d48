// Very wide conditions built the way code builds them: a chain of `Q(...).or(Q(...))`
// as deep as the list is long. They compile to one flat OR (as Django squashes
// same-connector nodes) instead of overflowing the call stack.
import { Q } from '../../src/orm';
import { Author, Post } from '../orm/models';
import { useDatabase } from '../orm/support';

const chain = (n: number, connector: 'or' | 'and', make: (i: number) => ReturnType<typeof Q>) => {
  let q = make(0);
  for (let i = 1; i < n; i++) q = q[connector](make(i));
  return q;
};

describe('wide Q trees on postgres', () => {
  useDatabase('postgres');

  test('100,000 ORed conditions compile; 5,000 run, and so do nested and negated chains', async () => {
    const wide = chain(100_000, 'or', (i) => Q({ username: `user${i}` }));
    const { sql, parameters } = Author.objects.filter(wide).toSQL();
    expect(parameters).toHaveLength(100_000);
    expect(sql.match(/ OR /g)).toHaveLength(99_999);
    expect(sql).not.toMatch(/\(\(/); // flat: no group inside a group

    for (const name of ['user3', 'user4999', 'other']) await Author.objects.create({ username: name });
    const some = chain(5_000, 'or', (i) => Q({ username: `user${i}` }));
    expect((await Author.objects.filter(some).orderBy('username')).map((a) => a.username)).toEqual(['user3', 'user4999']);
    expect((await Author.objects.exclude(some)).map((a) => a.username)).toEqual(['other']);
    expect((await Author.objects.filter(some.not())).map((a) => a.username)).toEqual(['other']);
    // AND chains flatten too; a negated member keeps its own group.
    const both = chain(5_000, 'and', (i) => (i === 7 ? Q({ username: 'user3' }).not() : Q({ username__startswith: 'user' })));
    expect((await Author.objects.filter(both)).map((a) => a.username)).toEqual(['user4999']);
    // Across a relation, under a negation: still "no related row matches" (each
    // condition is its own EXISTS, as Django's split_exclude: kept to a few here).
    const ann = await Author.objects.get({ username: 'user3' });
    await Post.objects.create({ title: 'x', author: ann });
    const titles = chain(20, 'or', (i) => Q({ posts__title: `t${i}` }).or(Q({ posts__title: i === 12 ? 'x' : `u${i}` })));
    expect((await Author.objects.exclude(titles).orderBy('username')).map((a) => a.username)).toEqual(['other', 'user4999']);
  });
});
