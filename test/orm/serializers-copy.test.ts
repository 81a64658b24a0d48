// dumpdata on a PostgreSQL server has the database write each object's whole text in one
// COPY (copy-out.ts); these check that its bytes are the ones the row-by-row way writes
// (serializeQuerySet through FixtureFormatter, what dumpdata wrote before), on every
// field type the database writes and around the rows and models it leaves to that way.
import { PassThrough } from 'node:stream';
import { connections, observeQueries } from '../../src/db';
import {
  BigIntegerField, BooleanField, CharField, createTables, DateField, DateTimeField, DecimalField, FloatField, ForeignKey, IntegerField, JSONField, ManyToManyField, model,
  TextField, TimeField, UUIDField,
} from '../../src/orm';
import type { Model } from '../../src/orm/model/model';
import type { QuerySet } from '../../src/orm/query/query-set';
import { dumpData } from '../../src/management/fixtures';
import { FixtureFormatter, serializeQuerySet, type FixtureFormat } from '../../src/orm/serializers';
import { BACKENDS } from '../support/test-databases';
import { Everything, Tag } from './models';
import { useDatabase } from './support';

class Copied extends model(
  {
    name: CharField({ maxLength: 100 }),
    text: TextField({ default: '' }),
    count: IntegerField({ null: true }),
    big: BigIntegerField({ null: true }),
    price: DecimalField({ maxDigits: 12, decimalPlaces: 4, null: true }),
    flag: BooleanField({ null: true }),
    day: DateField({ null: true }),
    when: DateTimeField({ null: true }),
    at: TimeField({ null: true }),
    uid: UUIDField({ null: true }),
    data: JSONField({ null: true }),
    tag: ForeignKey(() => Tag, { onDelete: 'CASCADE', null: true }),
    tags: ManyToManyField(() => Tag, { relatedName: 'copied', blank: true }),
  },
  { appLabel: 'blog' },
) {}

class Floating extends model({ name: CharField({ maxLength: 20 }), ratio: FloatField({ null: true }) }, { appLabel: 'blog' }) {}

const managerOf = (target: unknown) => (target as { objects: QuerySet<Model> }).objects;

/** dumpdata's fixture, and the statements it ran. */
async function dumped(labels: string[], format: FixtureFormat, indent?: number): Promise<{ text: string; count: number; statements: string[] }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const statements: string[] = [];
  const count = await observeQueries((query) => void statements.push(query.sql), () => dumpData({ labels, format, indent, output }));
  return { text: Buffer.concat(chunks).toString('utf8'), count, statements };
}

/** The same fixture written row by row. */
async function rowByRow(models: unknown[], format: FixtureFormat, indent?: number): Promise<string> {
  const formatter = new FixtureFormatter(format, indent);
  let text = formatter.start();
  for (const target of models) for await (const texts of serializeQuerySet(managerOf(target))) text += formatter.texts(texts);
  return text + formatter.end();
}

const execute = (text: string) => connections.get().execute({ sql: text, parameters: [] });

describe.each(BACKENDS)('%s', (kind) => {
  useDatabase(kind);
  const copies = kind === 'postgres';

  beforeAll(async () => {
    await createTables([Copied, Floating]);
  });
  beforeEach(async () => {
    await execute('TRUNCATE blog_copied, blog_copied_tags, blog_floating RESTART IDENTITY CASCADE');
    await Tag.objects.create({ name: 'a' });
    await Tag.objects.create({ name: 'b "quoted"' });
    await execute(`INSERT INTO blog_copied (name, text, count, big, price, flag, day, "when", at, uid, data, tag_id) VALUES
      ('a "quoted" \\ name, ünï ✓ 😀', 'a line
with a newline, a tab	 and a \x01 and \x02', -2147483648, -9007199254740991, '-12.3400', true, '2024-02-29', '2024-05-01 10:20:30.123456+00', '23:59:59.999999', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"list": [1, "two", null, {"deep": "\\"\\n"}], "n": 1.50}', 1),
      ('', '', 0, 9007199254740991, '0.0000', false, '0001-01-01', '0001-01-01 00:00:00+00', '00:00:00', NULL, '[1, 2]', 2),
      ('nulls', '', NULL, NULL, NULL, NULL, '9999-12-31', '9999-12-31 23:59:59.999999+00', NULL, NULL, 'null', NULL),
      ('json scalars', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '"a \\u00e9 string"', NULL)`);
    await execute('INSERT INTO blog_copied_tags (copied_id, tag_id) VALUES (1, 2), (1, 1), (2, 2)');
    await execute(`INSERT INTO blog_floating (name, ratio) VALUES ('a', 0.1), ('b', 1e15), ('c', 1.5e-7), ('d', NULL)`);
    await Everything.objects.create({ small: 1, ratio: 0.5, data: { a: 1 } });
  });

  test.each([
    ['json', undefined],
    ['jsonl', undefined],
    ['jsonl', 2],
  ] as const)('a %s fixture (indent %s) is the one written row by row, byte for byte, across models dumped both ways', async (format, indent) => {
    const { text, count, statements } = await dumped(['blog.Tag', 'blog.Everything', 'blog.Floating', 'blog.Copied'], format, indent);
    expect(text).toBe(await rowByRow([Tag, Everything, Floating, Copied], format, indent));
    expect(count).toBe(2 + 1 + 4 + 4);
    const copied = statements.filter((sql) => sql.startsWith('COPY'));
    // Tag and Copied by COPY; Everything and Floating hold floats, durations, bytes, arrays: row by row.
    expect(copied.map((sql) => /FROM "(blog_\w+)" AS "t0"/.exec(sql)?.[1])).toEqual(copies ? ['blog_tag', 'blog_copied'] : []);
  });

  test('an indented fixture, and one holding a datetime past year 9999, are written row by row, the same', async () => {
    const indented = await dumped(['blog.Copied'], 'json', 2);
    expect(indented.text).toBe(await rowByRow([Copied], 'json', 2));
    expect(indented.statements.some((sql) => sql.startsWith('COPY'))).toBe(false);
    await execute(`UPDATE blog_copied SET "when" = '12345-06-07 08:09:10.5+00' WHERE name = 'nulls'`);
    const { text, statements } = await dumped(['blog.Copied'], 'json');
    expect(text).toBe(await rowByRow([Copied], 'json'));
    expect(text).toContain('"when":"+012345-06-07T08:09:10.500Z"');
    expect(statements.some((sql) => sql.startsWith('COPY'))).toBe(false);
  });

  test('an empty table between others keeps the array well formed', async () => {
    await execute('TRUNCATE blog_copied, blog_copied_tags');
    const { text } = await dumped(['blog.Tag', 'blog.Copied', 'blog.Floating'], 'json');
    expect(text).toBe(await rowByRow([Tag, Copied, Floating], 'json'));
    expect((JSON.parse(text) as unknown[]).length).toBe(6);
  });
});
