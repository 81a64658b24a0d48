// Lookups and transforms belong to field classes, inherited by subclasses (Django's
// Field.register_lookup): a JSONField has its own exact/contains/has_key and takes any
// other name as a key; custom lookups go through the same registerLookup().
import { CharField, FieldError, registerLookup, registerTransform, type Lookup } from '../../src/orm';
import { BACKENDS } from '../support/test-databases';
import { Author, Everything, Post } from './models';
import { useDatabase } from './support';

const notEqual: Lookup = {
  name: 'ne',
  prepare: (value, field) => field.toDb(value),
  sql: (ctx, lhs, rhs) => ctx.sql`${lhs} <> ${rhs()}`,
};
registerLookup(CharField, notEqual);
registerTransform(CharField, { name: 'reversed', outputField: (field) => field, sql: (ctx, lhs) => ctx.sql`REVERSE(${lhs})` });

describe.each(BACKENDS)('lookups by field class on %s', (kind) => {
  useDatabase(kind);

  beforeEach(async () => {
    await Author.objects.create({ username: 'ann', email: 'ann@example.com' });
    await Author.objects.create({ username: 'bob', email: 'bob@example.com' });
  });

  it('applies a lookup registered on CharField to it and its subclasses', async () => {
    expect(await Author.objects.filter({ username__ne: 'ann' }).valuesList('username', { flat: true })).toEqual(['bob']);
    // EmailField extends CharField.
    expect(await Author.objects.filter({ email__ne: 'ann@example.com' }).valuesList('username', { flat: true })).toEqual(['bob']);
    expect(await Author.objects.filter({ username__reversed: 'nna' }).valuesList('username', { flat: true })).toEqual(['ann']);
  });

  it('refuses it on other field classes, listing what the field has', () => {
    expect(() => Post.objects.filter({ views__ne: 3 })).toThrow(FieldError);
    expect(() => Post.objects.filter({ views__ne: 3 })).toThrow(/Unsupported lookup 'ne' for IntegerField 'views__ne'\. .*Lookups: .*exact.*/);
    // Date parts are DateTimeField transforms, not a CharField's.
    expect(() => Author.objects.filter({ username__year: 2024 })).toThrow("Unsupported lookup 'year' for CharField 'username__year'.");
  });

  it('reads a JSON key named like a transform or a lookup of other fields as a key', async () => {
    await Everything.objects.create({ data: { year: 2024, length: 3, lower: 'X', date: 'today' } });
    await Everything.objects.create({ data: { year: 1999 } });
    expect(await Everything.objects.filter({ data__year: 2024 }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__year__gte: 1990 }).count()).toBe(2);
    expect(await Everything.objects.filter({ data__length: 3 }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__lower: 'X' }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__date: 'today' }).count()).toBe(1);
  });

  it("has JSONField's own lookups: contains is containment, has_keys and has_any_keys", async () => {
    await Everything.objects.create({ data: { a: 1, b: 2 } });
    await Everything.objects.create({ data: { a: 1 } });
    expect(await Everything.objects.filter({ data__contains: { b: 2 } }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__has_keys: ['a', 'b'] }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__has_any_keys: ['b', 'z'] }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__contained_by: { a: 1, b: 2, c: 3 } }).count()).toBe(2);
    expect(() => Everything.objects.filter({ data__has_keys: 'a' })).toThrow("The value of a 'has_keys' lookup must be a list of key names.");
    // A text field's contains is still LIKE.
    expect(await Author.objects.filter({ username__contains: 'nn' }).count()).toBe(1);
  });
});
