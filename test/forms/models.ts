// Models the forms suites share: a small library with a unique-together pair, a
// many-to-many field and a foreign key (for inline formsets).
import { BooleanField, CharField, DecimalField, ForeignKey, IntegerField, ManyToManyField, model, TextField, type Manager, type ManyRelatedManager, type RelatedManager } from '../../src/orm';

export class Shelf extends model({ name: CharField({ maxLength: 40, unique: true }) }, { appLabel: 'library', ordering: ['name'] }) {
  declare static objects: Manager<Shelf>;
  declare books: RelatedManager<Book>;
  override toString() {
    return this.name;
  }
}

export class Genre extends model({ name: CharField({ maxLength: 30, unique: true }) }, { appLabel: 'library', ordering: ['name'] }) {
  declare static objects: Manager<Genre>;
  override toString() {
    return this.name;
  }
}

export class Book extends model(
  {
    title: CharField({ maxLength: 100, verboseName: 'book title', helpText: 'As printed on the cover' }),
    isbn: CharField({ maxLength: 13, unique: true }),
    edition: IntegerField({ default: 1 }),
    notes: TextField({ blank: true }),
    price: DecimalField({ maxDigits: 6, decimalPlaces: 2, null: true, blank: true }),
    format: CharField({ maxLength: 10, choices: [['hard', 'Hardcover'], ['soft', 'Paperback']], default: 'soft' }),
    inPrint: BooleanField({ default: true }),
    shelf: ForeignKey(() => Shelf, { onDelete: 'CASCADE', relatedName: 'books' }),
    genres: ManyToManyField(() => Genre, { blank: true }),
  },
  { appLabel: 'library', uniqueTogether: [['title', 'edition']], ordering: ['id'] },
) {
  declare static objects: Manager<Book>;
  declare genres: ManyRelatedManager<Genre>;
  override toString() {
    return this.title;
  }
}

export const LIBRARY_MODELS = [Shelf, Genre, Book];
