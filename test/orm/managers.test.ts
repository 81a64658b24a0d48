// Custom managers: an override of getQuerySet() applies to every manager method, to the
// reverse and many-to-many relations of the model (its default manager, as in Django)
// and to their prefetches; a forward key still finds a row the manager hides.
import { BooleanField, CharField, createTables, ForeignKey, Manager, ManyToManyField, model, Q, QuerySet, type ManyRelatedManager, type RelatedManager } from '../../src/orm';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/orm';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';

/** Soft deletion: `objects` never shows a removed book. */
class BookManager extends Manager<Book> {
  getQuerySet(): QuerySet<Book> {
    return super.getQuerySet().filter({ removed: false });
  }

  /** A table-level method, typed on Book.objects. */
  published(): QuerySet<Book> {
    return this.filter({ published: true });
  }
}

class PublishedManager extends Manager<Book> {
  getQuerySet(): QuerySet<Book> {
    return super.getQuerySet().filter({ published: true, removed: false }).orderBy('title');
  }
}

class Writer extends model({ name: CharField({ maxLength: 50 }) }, { appLabel: 'shelf' }) {
  declare static objects: Manager<Writer>;
  declare books: RelatedManager<Book>;
}

class Book extends model(
  {
    title: CharField({ maxLength: 50 }),
    writer: ForeignKey(() => Writer, { onDelete: 'CASCADE', relatedName: 'books' }),
    published: BooleanField({ default: false }),
    removed: BooleanField({ default: false }),
  },
  { appLabel: 'shelf', ordering: ['id'] },
) {
  static objects = new BookManager(Book);
  static released = new PublishedManager(Book);
  declare lists: ManyRelatedManager<ReadingList>;
}

class ReadingList extends model({ name: CharField({ maxLength: 50 }), books: ManyToManyField(() => Book, { relatedName: 'lists' }) }, { appLabel: 'shelf' }) {
  declare static objects: Manager<ReadingList>;
  declare books: ManyRelatedManager<Book>;
}

const titles = (books: Book[]) => books.map((book) => book.title);

describe.each(BACKENDS)('custom managers on %s', (kind) => {
  let db: TestDatabase;
  let ann: Writer;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'test' });
    await createTables([Writer, Book, ReadingList]);
    ann = await Writer.objects.create({ name: 'ann' });
    // Created through the base QuerySet, so `removed` is written as given.
    for (const [title, published, removed] of [['Zebra', true, false], ['Apple', true, false], ['Draft', false, false], ['Gone', true, true]] as const) {
      await new QuerySet(Book).create({ title, writer: ann, published, removed });
    }
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
  });

  it('runs every manager method on getQuerySet()', async () => {
    expect(titles(await Book.objects)).toEqual(['Zebra', 'Apple', 'Draft']);
    expect(titles(await Book.objects.all())).toEqual(['Zebra', 'Apple', 'Draft']);
    expect(titles(await Book.objects.filter({ title__startswith: 'G' }))).toEqual([]);
    expect(titles(await Book.objects.exclude({ title: 'Draft' }))).toEqual(['Zebra', 'Apple']);
    expect(titles(await Book.objects.filter(Q({ published: true })))).toEqual(['Zebra', 'Apple']);
    expect(await Book.objects.count()).toBe(3);
    expect(await Book.objects.exists()).toBe(true);
    expect(await Book.objects.filter({ title: 'Gone' }).exists()).toBe(false);
    await expect(Book.objects.get({ title: 'Gone' })).rejects.toThrow(Book.DoesNotExist);
    // By primary key too, every time (get() by a unique value has a shortcut on plain managers).
    const gone = await new QuerySet(Book).get({ title: 'Gone' });
    for (let i = 0; i < 3; i++) await expect(Book.objects.get({ pk: gone.pk })).rejects.toThrow(Book.DoesNotExist);
    expect((await Book.objects.first())?.title).toBe('Zebra');
    expect((await Book.objects.last())?.title).toBe('Draft');
    expect(await Book.objects.valuesList('title', { flat: true })).toEqual(['Zebra', 'Apple', 'Draft']);
    expect(await Book.objects.aggregate({})).toEqual({});
    expect([...(await Book.objects.inBulk()).values()].map((book) => book.title)).toEqual(['Zebra', 'Apple', 'Draft']);
    const streamed: string[] = [];
    for await (const book of Book.objects) streamed.push(book.title);
    expect(streamed).toEqual(['Zebra', 'Apple', 'Draft']);
    expect(Book.objects.toSQL().sql).toContain('"removed"');
    expect(titles(await Book.objects.published())).toEqual(['Zebra', 'Apple']);
    // Updates and deletes see only the manager's rows too.
    expect(await Book.objects.filter({ title__in: ['Gone', 'Draft'] }).update({ title: 'Draft' })).toBe(1);
    expect(await new QuerySet(Book).filter({ title: 'Gone' }).count()).toBe(1);
  });

  it('keeps several managers apart, each with its own QuerySet', async () => {
    expect(titles(await Book.released)).toEqual(['Apple', 'Zebra']);
    expect(titles(await Book.released.filter({ title__lt: 'B' }))).toEqual(['Apple']);
    expect(await Book.released.count()).toBe(2);
    expect((await Book.released.get({ title: 'Zebra' })).title).toBe('Zebra');
    // A manager passed where a QuerySet goes (a subquery) brings its rows along.
    expect(titles(await new QuerySet(Book).filter({ pk__in: Book.released }).orderBy('title'))).toEqual(['Apple', 'Zebra']);
  });

  it('applies the default manager to reverse and many-to-many relations and their prefetches', async () => {
    const writer = await Writer.objects.get({ name: 'ann' });
    expect(titles(await writer.books.all())).toEqual(['Zebra', 'Apple', 'Draft']);
    expect(await writer.books.count()).toBe(3);
    const [prefetched] = await Writer.objects.prefetchRelated('books');
    expect(titles(await prefetched.books.all())).toEqual(['Zebra', 'Apple', 'Draft']);

    const list = await ReadingList.objects.create({ name: 'mine' });
    const everything = await new QuerySet(Book).orderBy('id');
    await list.books.add(...everything);
    expect(titles(await list.books.all())).toEqual(['Zebra', 'Apple', 'Draft']);
    const [withBooks] = await ReadingList.objects.prefetchRelated('books');
    expect(titles(await withBooks.books.all())).toEqual(['Zebra', 'Apple', 'Draft']);

    // A forward key reads the whole table (Django's base manager): a hidden book is still found.
    const [gone] = await new QuerySet(Book).filter({ title: 'Gone' });
    expect((await gone.related<Writer>('writer')).name).toBe('ann');
    expect((await writer.related<Book[]>('books')).length).toBe(3);
  });
});
