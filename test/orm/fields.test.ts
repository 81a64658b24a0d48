// Every field type round-trips through both backends unchanged; validation rejects
// what does not fit, with messages by field.
import { CharField, DecimalField, ValidationError } from '../../src/orm';
import { BACKENDS } from '../support/test-databases';
import { Author, Everything, Post } from './models';
import { useDatabase } from './support';

describe.each(BACKENDS)('fields on %s', (kind) => {
  useDatabase(kind);

  it('round-trips a value of every type', async () => {
    const values = {
      small: -100,
      big: 9007199254740991,
      positive: 7,
      ratio: 0.1 + 0.2,
      price: '12345678.1234',
      slug: 'a-slug_1',
      site: 'https://example.com/x?y=1',
      day: '2024-02-29',
      at: '13:45:30.123456',
      span: 90061001,
      data: { list: [1, 'two', null, { three: true }], quote: "it's \"quoted\"" },
      blob: Buffer.from([0, 1, 2, 250, 255]),
      ip: '2001:db8::1',
      labels: ['a', 'b,c', 'd"e', ''],
      counts: [1, -2, 3],
      flag: false,
    };
    const saved = await Everything.objects.create(values);
    expect(saved.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const loaded = await Everything.objects.get({ uid: saved.uid });
    expect(loaded.toJSON()).toEqual({ uid: saved.uid, ...values });
    expect(Buffer.isBuffer(loaded.blob)).toBe(true);
  });

  it('enforces check constraints in the database, naming them', async () => {
    await expect(Everything.objects.create({ small: -32000 })).rejects.toMatchObject({ name: 'IntegrityError', constraint: 'small_not_negative' });
    expect(await Everything.objects.count()).toBe(0);
  });

  it('keeps NULL as null for every nullable field', async () => {
    const saved = await Everything.objects.create({});
    const loaded = await Everything.objects.get({ pk: saved.pk });
    const { uid, ...rest } = loaded.toJSON();
    expect(uid).toBe(saved.uid);
    expect(Object.values(rest).every((value) => value === null)).toBe(true);
  });

  it('keeps decimals exact and datetimes as instants', async () => {
    const author = await Author.objects.create({ username: 'ann' });
    const created = new Date('2024-03-10T01:02:03.456Z');
    const post = await Post.objects.create({ title: 't', author, rating: '0.10' });
    await Post.objects.filter({ pk: post.pk }).update({ created });
    const loaded = await Post.objects.get({ pk: post.pk });
    expect(loaded.rating).toBe('0.10');
    expect(loaded.created.toISOString()).toBe(created.toISOString());
    expect(loaded.created).toBeInstanceOf(Date);
    expect(post.created).toBeInstanceOf(Date);
  });

  it('stores JSON null, arrays and strings as JSON, and queries keys', async () => {
    await Everything.objects.create({ data: { owner: { name: 'ann', age: 30 }, tags: ['x'] } });
    await Everything.objects.create({ data: ['just', 'a', 'list'] });
    await Everything.objects.create({ data: 'text' });
    expect(await Everything.objects.filter({ data__owner__name: 'ann' }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__owner__age__gt: 29 }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__contains: { tags: ['x'] } }).count()).toBe(1);
    expect(await Everything.objects.filter({ data__has_key: 'owner' }).count()).toBe(1);
    expect(await Everything.objects.filter({ data: 'text' }).count()).toBe(1);
  });

  it('codes a unique clash HYPER_ORM_NOT_UNIQUE in fullClean', async () => {
    await Author.objects.create({ username: 'ann' });
    const error = await new Author({ username: 'ann' }).fullClean().catch((caught: unknown) => caught as ValidationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.errorCodes).toEqual({ username: ['HYPER_ORM_NOT_UNIQUE'] });
  });

  it('reads back a JSON string as the string, even one that looks like JSON', async () => {
    // The driver parses json/jsonb already: the field must not parse the string again.
    const values = ['{"a": 1}', '123', 'true', 'null', '"quoted"', '[1, 2]', 'plain'];
    for (const [index, value] of values.entries()) await Everything.objects.create({ small: index, data: value });
    await Everything.objects.create({ small: values.length, data: { nested: '{"b": 2}' } });
    const rows = await Everything.objects.orderBy('small').all();
    expect(rows.map((row) => row.data)).toEqual([...values, { nested: '{"b": 2}' }]);
    const listed = await Everything.objects.orderBy('small').valuesList('data', { flat: true });
    expect(listed).toEqual([...values, { nested: '{"b": 2}' }]);
  });
});

describe('validation (fullClean)', () => {
  it('reports each bad field by name and leaves good values converted', async () => {
    const post = new Post({ title: 'x'.repeat(201), authorId: null as unknown as number, views: 'a lot' as unknown as number });
    let error: ValidationError | undefined;
    try {
      await post.fullClean({ validateUnique: false });
    } catch (caught) {
      error = caught as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.errors).toEqual({
      title: ['Ensure this value has at most 200 characters (it has 201).'],
      author: ['This field cannot be null.'],
      views: ["'a lot' value must be an integer."],
    });
    // Each message's code, in the same order (Django's error_dict codes).
    expect(error!.errorCodes).toEqual({ title: ['HYPER_ORM_VALUE_TOO_LONG'], author: ['HYPER_ORM_VALUE_NULL'], views: ['HYPER_ORM_INVALID_VALUE'] });
    expect(error!.hasError('title', 'HYPER_ORM_VALUE_TOO_LONG')).toBe(true);
    expect(error!.hasError('title', 'HYPER_ORM_VALUE_NULL')).toBe(false);
    expect(error!.hasError('slug')).toBe(false);
  });

  it('gives blank, choice and validator failures their codes, several on one field', async () => {
    const coded = Object.assign(new Error('Must not say no.'), { code: 'APP_SAYS_NO' });
    const field = CharField({
      maxLength: 3,
      choices: [['yes', 'Yes']],
      validators: [
        (value: string) => {
          if (value.startsWith('n')) throw coded;
        },
        (value: string) => {
          if (value.length > 1) throw new Error('One letter only.');
        },
      ],
    });
    field.name = 'answer';
    const failure = (value: unknown) => {
      try {
        field.clean(value);
      } catch (error) {
        return error as ValidationError;
      }
      throw new Error('expected a ValidationError');
    };
    expect(failure('').errorCodes).toEqual({ answer: ['HYPER_ORM_VALUE_BLANK'] });
    const many = failure('nope');
    expect(many.errors).toEqual({ answer: ['Value "nope" is not a valid choice.', 'Ensure this value has at most 3 characters (it has 4).', 'Must not say no.', 'One letter only.'] });
    expect(many.errorCodes).toEqual({ answer: ['HYPER_ORM_INVALID_CHOICE', 'HYPER_ORM_VALUE_TOO_LONG', 'APP_SAYS_NO', 'HYPER_VALIDATION'] });
  });

  it('checks formats, ranges and decimal digits', async () => {
    const bad = new Everything({ slug: 'not a slug', site: 'nope', day: '2023-02-29', ip: '300.1.1.1', positive: -1, price: '123456789.12345' });
    await expect(bad.fullClean({ validateUnique: false })).rejects.toMatchObject({
      errors: {
        slug: ['Enter a valid slug: letters, numbers, underscores or hyphens.'],
        site: ['Enter a valid URL.'],
        day: ["'2023-02-29' value must be a valid date in YYYY-MM-DD format."],
        ip: ['Enter a valid IPv4 or IPv6 address.'],
        positive: ['Ensure this value is greater than or equal to 0.'],
        price: ['Ensure that there are no more than 4 decimal places.'],
      },
    });
    expect(() => DecimalField({ maxDigits: 5, decimalPlaces: 2 }).clean('1234.5')).toThrow('no more than 3 digits before the decimal point');
  });

  it('converts input to the field types', async () => {
    const post = new Post({ title: 't', authorId: '4' as unknown as number, views: '12' as unknown as number, published: 'true' as unknown as boolean });
    await post.fullClean({ validateUnique: false });
    expect([post.authorId, post.views, post.published]).toEqual([4, 12, true]);
  });
});
