// Model and inline formsets on a real PostgreSQL database: edit, add and delete rows
// in one submission; a tampered primary key is a form error, not another row edited.
import { inlineformsetFactory, modelformsetFactory } from '../../src/forms';
import { QueryDict } from '../../src/http/query-dict';
import { Book, Shelf } from './models';
import { useLibraryDatabase } from './support';

useLibraryDatabase('postgres');

const post = (fields: Record<string, string>) => new QueryDict(Object.entries(fields));
const management = (prefix: string, total: number, initial: number) => ({ [`${prefix}-TOTAL_FORMS`]: String(total), [`${prefix}-INITIAL_FORMS`]: String(initial) });

describe('modelformsetFactory', () => {
  const ShelfFormSet = modelformsetFactory(Shelf, { fields: ['name'], extra: 1, canDelete: true });

  it('prints one form per row, with its key hidden, and an extra form', async () => {
    const a = await Shelf.objects.create({ name: 'A' });
    await Shelf.objects.create({ name: 'B' });
    const fs = new ShelfFormSet();
    await fs.prepare();
    expect(fs.forms).toHaveLength(3);
    const html = fs.asDiv().html;
    expect(html).toContain(`<input type="hidden" name="form-0-id" value="${String(a.pk)}" id="id_form-0-id">`);
    expect(html).toContain('<input type="hidden" name="form-INITIAL_FORMS" value="2" id="id_form-INITIAL_FORMS">');
  });

  it('changes, deletes and adds rows in one submission', async () => {
    const a = await Shelf.objects.create({ name: 'A' });
    const b = await Shelf.objects.create({ name: 'B' });
    const fs = new ShelfFormSet({
      data: post({
        ...management('form', 3, 2),
        'form-0-id': String(a.pk), 'form-0-name': 'A2',
        'form-1-id': String(b.pk), 'form-1-name': 'B', 'form-1-DELETE': 'on',
        'form-2-id': '', 'form-2-name': 'C',
      }),
    });
    expect(await fs.isValid()).toBe(true);
    const saved = await fs.save();
    expect(saved.map((s) => s.name)).toEqual(['A2', 'C']);
    expect(fs.deletedObjects.map((s) => s.name)).toEqual(['B']);
    expect((await Shelf.objects.all()).map((s) => s.name)).toEqual(['A2', 'C']);
  });

  it('refuses a primary key outside its QuerySet, and a unique clash, as form errors', async () => {
    const a = await Shelf.objects.create({ name: 'A' });
    await Shelf.objects.create({ name: 'B' });
    const Limited = modelformsetFactory(Shelf, { fields: ['name'], extra: 0 });
    const fs = new Limited({ queryset: Shelf.objects.filter({ name: 'A' }), data: post({ ...management('form', 1, 1), 'form-0-id': '999', 'form-0-name': 'Z' }) });
    expect(await fs.isValid()).toBe(false);
    expect([...fs.errors[0].id]).toEqual(['Select a valid choice. That choice is not one of the available choices.']);
    const clash = new Limited({ queryset: Shelf.objects.filter({ name: 'A' }), data: post({ ...management('form', 1, 1), 'form-0-id': String(a.pk), 'form-0-name': 'B' }) });
    expect(await clash.isValid()).toBe(false);
    expect([...clash.errors[0].name]).toEqual(['Shelf with this Name already exists.']);
    expect((await Shelf.objects.all()).map((s) => s.name)).toEqual(['A', 'B']);
  });
});

describe('inlineformsetFactory', () => {
  const BookFormSet = inlineformsetFactory(Shelf, Book, { fields: ['title', 'isbn'], extra: 1 });

  it('edits the rows of one parent, named after the relation, and adds to it', async () => {
    const shelf = await Shelf.objects.create({ name: 'A' });
    const other = await Shelf.objects.create({ name: 'B' });
    const dune = await Book.objects.create({ title: 'Dune', isbn: '1', shelf });
    await Book.objects.create({ title: 'Elsewhere', isbn: '2', shelf: other });
    const unbound = new BookFormSet({ instance: shelf });
    await unbound.prepare();
    expect(unbound.prefix).toBe('books');
    expect(unbound.forms).toHaveLength(2);
    expect(Object.keys(unbound.forms[0].fields)).toEqual(['title', 'isbn', 'DELETE', 'id']);

    const fs = new BookFormSet({
      instance: shelf,
      data: post({ ...management('books', 2, 1), 'books-0-id': String(dune.pk), 'books-0-title': 'Dune', 'books-0-isbn': '1', 'books-0-DELETE': 'on', 'books-1-title': 'Emma', 'books-1-isbn': '3' }),
    });
    expect(await fs.isValid()).toBe(true);
    await fs.save();
    expect((await Book.objects.filter({ shelf: shelf.pk }).orderBy('title')).map((b) => b.title)).toEqual(['Emma']);
    expect(await Book.objects.filter({ shelf: other.pk }).count()).toBe(1);
  });

  it('does not let a form edit another parent\'s row', async () => {
    const shelf = await Shelf.objects.create({ name: 'A' });
    const other = await Shelf.objects.create({ name: 'B' });
    const foreign = await Book.objects.create({ title: 'Theirs', isbn: '9', shelf: other });
    const fs = new BookFormSet({ instance: shelf, data: post({ ...management('books', 1, 1), 'books-0-id': String(foreign.pk), 'books-0-title': 'Mine', 'books-0-isbn': '9' }) });
    expect(await fs.isValid()).toBe(false);
    expect((await Book.objects.get({ pk: foreign.pk })).title).toBe('Theirs');
  });

  it('names the parent key it cannot find', () => {
    expect(() => inlineformsetFactory(Book, Shelf, { fields: ['name'] })).toThrow(expect.objectContaining({ code: 'HYPER_FORM_INLINE_FK' }));
  });
});
