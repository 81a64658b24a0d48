// ModelForm on a real PostgreSQL database and on PGlite: fields derived from the model, create and
// update, unique and unique-together violations as form errors, many-to-many saved
// after the instance, commit: false.
import { modelForm, modelformFactory, CharField, Textarea, TypedChoiceField, ModelChoiceField, ModelMultipleChoiceField, BooleanField, IntegerField, DecimalField } from '../../src/forms';
import { Book, Genre, Shelf } from './models';
import { BACKENDS } from '../support/test-databases';
import { useLibraryDatabase } from './support';

const BookForm = modelForm(Book, { fields: ['title', 'isbn', 'edition', 'notes', 'price', 'format', 'inPrint', 'shelf', 'genres'], labels: { isbn: 'ISBN' } });

async function fixtures() {
  const shelf = await Shelf.objects.create({ name: 'A' });
  const other = await Shelf.objects.create({ name: 'B' });
  const poetry = await Genre.objects.create({ name: 'poetry' });
  const prose = await Genre.objects.create({ name: 'prose' });
  return { shelf, other, poetry, prose };
}

const data = (extra: Record<string, unknown> = {}) => ({ title: 'Dune', isbn: '9780441013593', edition: '1', notes: '', price: '9.99', format: 'soft', inPrint: 'on', ...extra });

describe('fields derived from the model', () => {
  it('types, limits, choices, blank as not required, defaults as initial, verbose names as labels', () => {
    const f = BookForm.baseFields;
    expect(f.title).toBeInstanceOf(CharField.fieldClass);
    expect(f.title.options).toMatchObject({ maxLength: 100, required: true, label: 'Book title', helpText: 'As printed on the cover' });
    expect(f.isbn.options.label).toBe('ISBN');
    expect(f.notes.required).toBe(false);
    expect(f.notes.widget).toBeInstanceOf(Textarea);
    expect(f.edition).toBeInstanceOf(IntegerField.fieldClass);
    expect(f.edition.initialValue()).toBe(1);
    expect(f.price).toBeInstanceOf(DecimalField.fieldClass);
    expect(f.price.required).toBe(false);
    expect(f.format).toBeInstanceOf(TypedChoiceField.fieldClass);
    expect(f.inPrint).toBeInstanceOf(BooleanField.fieldClass);
    expect(f.inPrint.required).toBe(false);
    expect(f.shelf).toBeInstanceOf(ModelChoiceField.fieldClass);
    expect(f.genres).toBeInstanceOf(ModelMultipleChoiceField.fieldClass);
    expect(f.genres.required).toBe(false);
  });

  it('refuses to render model choices it has not loaded, rather than print an empty list', () => {
    expect(() => new BookForm().asDiv()).toThrow(expect.objectContaining({ code: 'HYPER_FORM_CHOICES_NOT_LOADED', message: expect.stringContaining('await form.prepare()') }));
  });

  it('needs fields or exclude, and names an unknown field', () => {
    expect(() => modelForm(Book, {})).toThrow(expect.objectContaining({ code: 'HYPER_FORM_FIELDS_REQUIRED' }));
    expect(() => modelForm(Book, { fields: ['title', 'nope'] })).toThrow(expect.objectContaining({ code: 'HYPER_FORM_UNKNOWN_FIELD', message: expect.stringContaining("'nope'") }));
    expect(Object.keys(modelformFactory(Book, { exclude: ['notes', 'genres'] }).baseFields)).toEqual(['title', 'isbn', 'edition', 'price', 'format', 'inPrint', 'shelf']);
  });
});

describe.each(BACKENDS)('on %s', (kind) => {
  useLibraryDatabase(kind);

  describe('create and update', () => {
    it('creates the instance and sets its many-to-many field after saving it', async () => {
      const { shelf, poetry, prose } = await fixtures();
      const f = new BookForm({ data: { ...data({ shelf: String(shelf.pk) }), genres: [String(poetry.pk), String(prose.pk)] } });
      expect(await f.isValid()).toBe(true);
      const book = await f.save();
      expect(book.pk).toEqual(expect.any(Number));
      const saved = await Book.objects.get({ pk: book.pk });
      expect([saved.title, saved.price, saved.format, saved.inPrint, saved.shelfId]).toEqual(['Dune', '9.99', 'soft', true, shelf.pk]);
      expect((await saved.genres.all()).map((g) => g.name)).toEqual(['poetry', 'prose']);
    });

    it('renders the model choices once prepared, the instance\'s values selected', async () => {
      const { shelf, other, prose } = await fixtures();
      const book = await Book.objects.create({ ...data(), price: '1.00', edition: 2, shelf: other, inPrint: false });
      await book.genres.set([prose]);
      const f = new BookForm({ instance: book });
      await f.prepare();
      const html = f.asDiv().html;
      expect(html).toContain(`<option value="${String(other.pk)}" selected>B</option>`);
      expect(html).toContain(`<option value="${String(shelf.pk)}">A</option>`);
      expect(html).toContain(`<option value="${String(prose.pk)}" selected>prose</option>`);
      expect(html).toContain('<input type="number" name="edition" value="2" required id="id_edition">');
      expect(html).toContain('<option value="soft" selected>Paperback</option>');
    });

    it('updates an instance, and hasChanged() sees only what changed', async () => {
      const { shelf } = await fixtures();
      const book = await Book.objects.create({ ...data(), edition: 1, shelf });
      const f = new BookForm({ instance: book, data: data({ shelf: String(shelf.pk), title: 'Dune Messiah' }) });
      expect(await f.isValid()).toBe(true);
      expect(f.changedData).toEqual(['title']);
      await f.save();
      expect((await Book.objects.get({ pk: book.pk })).title).toBe('Dune Messiah');
      expect(await Book.objects.count()).toBe(1);
    });

    it('refuses a unique value taken by another row, but not the instance\'s own', async () => {
      const { shelf } = await fixtures();
      const first = await Book.objects.create({ ...data(), shelf });
      const clash = new BookForm({ data: data({ shelf: String(shelf.pk), title: 'Other', edition: '3' }) });
      expect(await clash.isValid()).toBe(false);
      expect([...clash.errors.isbn]).toEqual(['Book with this Isbn already exists.']);
      const own = new BookForm({ instance: first, data: data({ shelf: String(shelf.pk) }) });
      expect(await own.isValid()).toBe(true);
    });

    it('refuses a unique-together pair as a form error, and save() of an invalid form is a clear error', async () => {
      const { shelf } = await fixtures();
      await Book.objects.create({ ...data(), shelf });
      const f = new BookForm({ data: data({ shelf: String(shelf.pk), isbn: '0000000000000' }) });
      expect(await f.isValid()).toBe(false);
      expect([...f.nonFieldErrors()]).toEqual([expect.stringContaining('already exists')]);
      await expect(f.save()).rejects.toMatchObject({ code: 'HYPER_FORM_SAVE_INVALID', message: expect.stringContaining('could not be created') });
      expect(await Book.objects.count()).toBe(1);
    });

    it('refuses a row outside the choices\' QuerySet, and a malformed key, as invalid choices', async () => {
      await fixtures();
      for (const shelf of ['999', 'abc']) {
        const f = new BookForm({ data: data({ shelf }) });
        expect(await f.isValid()).toBe(false);
        expect([...f.errors.shelf]).toEqual(['Select a valid choice. That choice is not one of the available choices.']);
      }
    });

    it('save({ commit: false }) leaves saving, and the many-to-many fields, to the caller', async () => {
      const { shelf, poetry } = await fixtures();
      const f = new BookForm({ data: { ...data({ shelf: String(shelf.pk) }), genres: [String(poetry.pk)] } });
      expect(await f.isValid()).toBe(true);
      const book = await f.save({ commit: false });
      expect(await Book.objects.count()).toBe(0);
      book.notes = 'signed';
      await book.save();
      await f.saveM2m();
      const saved = await Book.objects.get({ pk: book.pk });
      expect(saved.notes).toBe('signed');
      expect((await saved.genres.all()).map((g) => g.name)).toEqual(['poetry']);
    });
  });
});
