// A fixture that cannot be read or loaded fails with a code per failure
// (docs/errors.md); the checks here all run before the loader writes a row.
import {
  CharField, ForeignKey, getModel, IntegerField, model, registerModel, resetModelRegistry, ValidationError,
} from '../../src/orm';
import { configure, resetSettings } from '../../src/conf/settings';
import { LookupError } from '../../src/core/errors';
import { DeserializationError, FixtureLoader, readFixture, type FixtureFormat } from '../../src/orm/serializers';

class Shelf extends model({ code: CharField({ maxLength: 10, primaryKey: true }) }) {}
// A primary key neither generated nor defaulted: an object without "pk" cannot be loaded.
class Rack extends model({ number: IntegerField({ primaryKey: true }) }) {}
class Book extends model({ title: CharField({ maxLength: 20 }), pages: IntegerField(), shelf: ForeignKey(() => Shelf, { onDelete: 'CASCADE', null: true }) }) {}

beforeAll(() => {
  resetSettings();
  configure({ SECRET_KEY: 'x' });
  registerModel(Shelf, 'library');
  registerModel(Book, 'library');
  registerModel(Rack, 'library');
});
afterAll(() => resetModelRegistry());

async function failureOf(act: () => Promise<unknown>): Promise<DeserializationError> {
  const error = await act().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DeserializationError);
  return error as DeserializationError;
}

async function readAll(text: string, format: FixtureFormat): Promise<unknown[]> {
  const objects = [];
  const chunks = (async function* () {
    yield text;
  })();
  for await (const object of readFixture(chunks, format, 'books.json')) objects.push(object);
  return objects;
}

const add = (object: unknown) => () => new FixtureLoader().add('books.json', [{ value: object, index: 1 }]);

describe('error codes of fixtures', () => {
  it('text that is not a fixture', async () => {
    expect((await failureOf(() => readAll('[{"model": }]', 'json'))).code).toBe('HYPER_DESERIALIZATION_INVALID_JSON');
    expect((await failureOf(() => readAll('{"model": }\n', 'jsonl'))).code).toBe('HYPER_DESERIALIZATION_INVALID_JSON');
    expect((await failureOf(() => readAll('{"model": "library.book"}', 'json'))).code).toBe('HYPER_DESERIALIZATION_MALFORMED');
    expect((await failureOf(add([1]))).code).toBe('HYPER_DESERIALIZATION_MALFORMED');
    expect((await failureOf(add({ pk: 1 }))).code).toBe('HYPER_DESERIALIZATION_MALFORMED');
    expect((await failureOf(add({ model: 'library.book', fields: [] }))).code).toBe('HYPER_DESERIALIZATION_MALFORMED');
  });

  it('objects naming what the project does not have', async () => {
    const unknownModel = await failureOf(add({ model: 'library.boook', fields: {} }));
    expect(unknownModel.code).toBe('HYPER_DESERIALIZATION_UNKNOWN_MODEL');
    expect(unknownModel.cause).toBeInstanceOf(LookupError);
    expect((unknownModel.cause as LookupError).code).toBe('HYPER_ORM_UNKNOWN_MODEL');
    expect(() => getModel('library.boook')).toThrow(expect.objectContaining({ code: 'HYPER_ORM_UNKNOWN_MODEL' }));
    expect((await failureOf(add({ model: 'library.book', fields: { titel: 'x' } }))).code).toBe('HYPER_DESERIALIZATION_UNKNOWN_FIELD');
    expect((await failureOf(add({ model: 'library.rack', fields: {} }))).code).toBe('HYPER_DESERIALIZATION_MISSING_PK');
    expect((await failureOf(add({ model: 'library.book', fields: { title: 'x', pages: 1, shelf: ['top'] } }))).code).toBe('HYPER_DESERIALIZATION_NATURAL_KEYS_UNSUPPORTED');
  });

  it('values a field cannot take keep the field\'s own error as the cause', async () => {
    const bad = await failureOf(add({ model: 'library.book', fields: { title: 'x', pages: 'many' } }));
    expect(bad.code).toBe('HYPER_DESERIALIZATION_INVALID_VALUE');
    expect(bad.message).toBe("books.json, object 1 (library.book), field 'pages': 'many' value must be an integer.");
    expect((bad.cause as { code: string }).code).toBe('HYPER_ORM_INVALID_VALUE');
    // The cause is a ValidationError naming the field, as fullClean()'s: messages and codes by field.
    expect(bad.cause).toBeInstanceOf(ValidationError);
    expect((bad.cause as ValidationError).errors).toEqual({ pages: ["'many' value must be an integer."] });
    expect((bad.cause as ValidationError).errorCodes).toEqual({ pages: ['HYPER_ORM_INVALID_VALUE'] });
    const missing = await failureOf(add({ model: 'library.book', fields: { title: 'x' } }));
    expect(missing.code).toBe('HYPER_DESERIALIZATION_INVALID_VALUE');
    expect((missing.cause as ValidationError).errorCodes).toEqual({ pages: ['HYPER_ORM_VALUE_NULL'] });
  });
});
