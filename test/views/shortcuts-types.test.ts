// Compile-time shape of get404()/getList404() (checked by `npm run typecheck`, a step of
// npm test): a model class, its manager and a QuerySet built from it
// (docs/views.md's `get404(Post.objects.selectRelated('author'), { id })`) are all
// accepted, and the result is the model's instance type, not `any` or `unknown`.
import { CharField, ForeignKey, model } from '../../src/orm';
import { get404, getList404 } from '../../src/shortcuts';

class Author extends model({ name: CharField({ maxLength: 50 }) }, { appLabel: 'library' }) {}
class Book extends model({ title: CharField({ maxLength: 50 }), author: ForeignKey(() => Author, { onDelete: 'CASCADE' }) }, { appLabel: 'library' }) {
  get shout(): string {
    return this.title.toUpperCase();
  }
}

async function lookups(id: number): Promise<string[]> {
  const byModel = await get404(Book, { id });
  const byQuerySet = await get404(Book.objects.selectRelated('author'), { id });
  const byManager = await get404(Book.objects, { id });
  const list = await getList404(Book, { title: 'x' });
  const filtered = await getList404(Book.objects.filter({ author__name: 'ann' }));
  // A model class gives its own instances, with the methods the class adds.
  const shout: string = byModel.shout + list[0].shout;
  const bookId: number = byQuerySet.id + byManager.id;
  // @ts-expect-error a title is a string, so the result is typed (not any)
  const wrong: number = filtered[0].title;
  return [shout, String(bookId), String(wrong)];
}

it('types get404 and getList404 (see npm run typecheck)', () => {
  expect(typeof lookups).toBe('function');
});
