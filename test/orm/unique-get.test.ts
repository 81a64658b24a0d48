// get() by one unique value on a plain manager skips building a QuerySet once the
// shape is compiled (unique-get.ts): the same statement, rows and errors as get().
import { setVerifySqlCache } from '../../src/orm/query/compile-context';
import { QuerySet } from '../../src/orm';
import { BACKENDS } from '../support/test-databases';
import { Author, Post } from './models';
import { countQueries, useDatabase } from './support';

describe.each(BACKENDS)('get() by a unique value on %s', (kind) => {
  useDatabase(kind);

  it('answers as get() does, by primary key or unique field, one statement each', async () => {
    const ann = await Author.objects.create({ username: 'ann', email: 'a@example.com' });
    for (let i = 0; i < 3; i++) {
      let found: Author | undefined;
      expect(await countQueries(async () => (found = await Author.objects.get({ pk: ann.pk })))).toBe(1);
      expect([found!.pk, found!.username, found!.email]).toEqual([ann.pk, 'ann', 'a@example.com']);
      expect((await Author.objects.get({ id: ann.id })).username).toBe('ann');
      expect((await Author.objects.get({ username: 'ann' })).pk).toBe(ann.pk);
      expect((await Author.objects.get({ id: String(ann.id) })).username).toBe('ann');
    }
  });

  it('raises what get() raises', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(Author.objects.get({ pk: -1 })).rejects.toThrow(new Author.DoesNotExist('Author matching query does not exist: {"pk":-1}.'));
      await expect(Author.objects.get({ username: 'nobody' })).rejects.toBeInstanceOf(Author.DoesNotExist);
      const slow = (await new QuerySet(Author).get({ id: 'seven' }).catch((error: Error) => error)) as Error;
      const fast = (await Author.objects.get({ id: 'seven' }).catch((error: Error) => error)) as Error;
      expect(fast).toBeInstanceOf(Error);
      expect([fast.constructor, fast.message]).toEqual([slow.constructor, slow.message]);
    }
  });

  it('builds no QuerySet once the shape is compiled, and other conditions go the usual way', async () => {
    const ann = await Author.objects.create({ username: 'ann' });
    const post = await Post.objects.create({ title: 'one', author: ann });
    setVerifySqlCache(false);
    const filter = jest.spyOn(QuerySet.prototype, 'filter');
    try {
      await Author.objects.get({ pk: ann.pk });
      await Author.objects.get({ pk: ann.pk });
      filter.mockClear();
      expect((await Author.objects.get({ pk: ann.pk })).username).toBe('ann');
      expect(filter).not.toHaveBeenCalled();
      // Not one unique field's value: a relation, two fields, a lookup.
      expect((await Post.objects.get({ author: ann })).pk).toBe(post.pk);
      expect((await Post.objects.get({ pk: post.pk, title: 'one' })).pk).toBe(post.pk);
      expect((await Post.objects.get({ title__startswith: 'o' })).pk).toBe(post.pk);
      expect(filter).toHaveBeenCalledTimes(3);
    } finally {
      filter.mockRestore();
      setVerifySqlCache(undefined);
    }
  });
});
