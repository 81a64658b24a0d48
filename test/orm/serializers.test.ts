// The fixture serializers on a real database (server and PGlite): every field type
// round-trips through serializeQuerySet and FixtureLoader; rows pass in batches of a
// bounded size (the streaming that keeps dumpdata and loaddata in flat memory); a row
// the database refuses in the middle of a batch is named by index and field, with
// nothing written; preSave and postSave reach receivers with raw: true.
import { atomic, connections, observeQueries, type ExecutedQuery } from '../../src/db';
import { BigIntegerField, BooleanField, createTables, DateField, DateTimeField, DecimalField, ForeignKey, JSONField, model, postSave, preSave, SlugField, SmallIntegerField, TextField, TimeField, UUIDField } from '../../src/orm';
import { DeserializationError, FixtureLoader, serializeQuerySet, type FixtureObject } from '../../src/orm/serializers';
import { LOAD_BATCH_SIZE } from '../../src/orm/serializers/loader';
import { DUMP_BATCH_SIZE } from '../../src/orm/serializers/serialize';
import { BACKENDS } from '../support/test-databases';
import { Everything, Tag } from './models';
import { useDatabase } from './support';

async function dump(model: { objects: unknown }, options: { inSql?: boolean } = {}): Promise<FixtureObject[]> {
  const out: FixtureObject[] = [];
  for await (const batch of serializeQuerySet(model.objects as never, options)) out.push(...batch.map((text) => JSON.parse(text) as FixtureObject));
  return out;
}

// Every field type whose fixture values the database writes (sql-values.ts).
class Written extends model(
  {
    text: TextField({ default: '' }),
    slug: SlugField({ null: true }),
    uid: UUIDField({ null: true }),
    small: SmallIntegerField({ null: true }),
    big: BigIntegerField({ null: true }),
    flag: BooleanField({ null: true }),
    price: DecimalField({ maxDigits: 12, decimalPlaces: 4, null: true }),
    day: DateField({ null: true }),
    at: TimeField({ null: true }),
    when: DateTimeField({ null: true }),
    data: JSONField({ null: true }),
    tag: ForeignKey(() => Tag, { onDelete: 'CASCADE', null: true }),
  },
  { appLabel: 'blog' },
) {}

async function load(objects: unknown[], source = 'fixture.json'): Promise<FixtureLoader> {
  const loader = new FixtureLoader();
  await atomic(async () => {
    await loader.add(source, objects.map((value, index) => ({ value, index: index + 1 })));
    await loader.finish();
  });
  return loader;
}

const tags = (count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ model: 'blog.tag', pk: from + i, fields: { name: `tag ${from + i}` } }));

describe.each(BACKENDS)('%s', (kind) => {
  useDatabase(kind);

  test('every field type round-trips: dumped, loaded into empty tables, dumped again the same', async () => {
    await Everything.objects.create({
      small: -5, big: 9007199254740991, positive: 7, ratio: 0.1, price: '12.3456', slug: 'a-b', site: 'https://x.test/?a=1&b="2"',
      day: '2024-02-29', at: '10:20:30.5', span: 90061001, data: { list: [1, 'two', null, { deep: ['"\\'] }], text: 'ünï ✓' },
      blob: Buffer.from([0, 1, 2, 255]), ip: '192.0.2.1', labels: ['a,b', 'c "d"', 'e\\f', 'NULL', ''], counts: [1, 2, 3], flag: false,
    });
    await Everything.objects.create({ data: ['a JSON array'], labels: [], counts: [] });
    await Everything.objects.create({});
    const before = await dump(Everything);
    expect(before).toHaveLength(3);
    await connections.get().execute({ sql: 'TRUNCATE blog_everything', parameters: [] });
    await load(JSON.parse(JSON.stringify(before)));
    expect(await dump(Everything)).toEqual(before);
  });

  test('the fixture the database writes is the one the process writes, to the edges of what a Date holds', async () => {
    await createTables([Written]);
    await Tag.objects.create({ name: 'a' });
    const execute = (text: string) => connections.get().execute({ sql: text, parameters: [] });
    await execute(`INSERT INTO blog_written (text, slug, uid, small, big, flag, price, day, at, "when", data, tag_id) VALUES
      ('a "quoted" \\ line
with a newline and a tab	 and ünïcödé ✓ 😀', 'a-b', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', -32768, -9007199254740991, true, '-12.3400', '2024-02-29', '23:59:59.999999', '2024-05-01 10:20:30.123456+00', '{"list": [1, "two", null, {"deep": "\\""}], "n": 1.50}', 1),
      ('', NULL, NULL, NULL, 9007199254740991, false, '0.0000', '0001-01-01', '00:00:00', '0001-01-01 00:00:00+00', '[1, 2]', NULL),
      ('', NULL, NULL, NULL, NULL, NULL, NULL, '9999-12-31', NULL, '9999-12-31 23:59:59.999999+00', '{}', NULL),
      ('', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '12345-06-07 08:09:10.5+00', 'null', NULL),
      ('', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '0044-03-15 12:00:00+00 BC', '3', NULL),
      ('', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    const statements: string[] = [];
    const written = await observeQueries((query) => void statements.push(query.sql), () => dump(Written));
    expect(statements.some((text) => text.includes('row_to_json'))).toBe(true);
    expect(written).toHaveLength(6);
    expect(written).toEqual(await dump(Written, { inSql: false }));
    expect(written[0].fields).toMatchObject({ when: '2024-05-01T10:20:30.123Z', price: '-12.3400', day: '2024-02-29', at: '23:59:59.999999', tag: 1 });
    expect(written.map((object) => object.fields.when)).toEqual([
      '2024-05-01T10:20:30.123Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+012345-06-07T08:09:10.500Z', '-000043-03-15T12:00:00.000Z', null,
    ]);
    await execute('DROP TABLE blog_written');
  });

  test(`dumps through a cursor ${DUMP_BATCH_SIZE} rows a fetch, and loads ${LOAD_BATCH_SIZE} rows an INSERT of one parameter`, async () => {
    const rows = 2 * Math.max(LOAD_BATCH_SIZE, DUMP_BATCH_SIZE) + 123;
    const statements: ExecutedQuery[] = [];
    await observeQueries((query) => void statements.push(query), () => load(tags(rows)));
    const inserts = statements.filter((query) => query.sql.startsWith('INSERT INTO "blog_tag"'));
    const sizes = Array.from({ length: Math.ceil(rows / LOAD_BATCH_SIZE) }, (_, i) => Math.min(LOAD_BATCH_SIZE, rows - i * LOAD_BATCH_SIZE));
    expect(inserts.map((query) => JSON.parse(query.parameters[0] as string).length)).toEqual(sizes);
    expect(inserts.every((query) => query.parameters.length === 1)).toBe(true);

    // Inside a transaction the cursor shares the session, so pg_cursors shows it while batches are read.
    const batches: number[] = [];
    const cursors: unknown[] = [];
    await atomic(async () => {
      for await (const batch of serializeQuerySet(Tag.objects as never)) {
        batches.push(batch.length);
        if (batches.length === 1) cursors.push(...(await connections.get().execute({ sql: 'SELECT statement FROM pg_cursors', parameters: [] })).rows);
      }
    });
    expect(batches).toEqual(Array.from({ length: Math.ceil(rows / DUMP_BATCH_SIZE) }, (_, i) => Math.min(DUMP_BATCH_SIZE, rows - i * DUMP_BATCH_SIZE)));
    expect(cursors).toEqual([{ statement: expect.stringMatching(/^DECLARE hyper_cursor_\d+_\d+ NO SCROLL CURSOR FOR SELECT .*row_to_json.* FROM \(SELECT .* FROM "blog_tag" AS "t0" ORDER BY "t0"."id" ASC\) AS s$/) }]);
  });

  test('a row the database refuses in the middle of a batch is named by index and field, and nothing is written', async () => {
    const objects = tags(3000);
    objects[999] = { model: 'blog.tag', pk: 1000, fields: { name: 'x'.repeat(51) } };
    const error = await load(objects, 'big.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as Error).message).toBe("big.json, object 1000 (blog.tag pk 1000), field 'name': value too long for type character varying(50)");
    expect(await Tag.objects.count()).toBe(0);
  });

  test('an object whose key exists replaces that row; preSave and postSave are sent with raw: true and created', async () => {
    await Tag.objects.create({ name: 'old' });
    const seen: string[] = [];
    const disconnect = [
      preSave.connect(
        ({ instance, raw }) => {
          const tag = instance as Tag;
          seen.push(`pre ${String(tag.pk)} ${tag.name} raw=${raw}`);
          tag.name = tag.name.toUpperCase(); // the row takes what the receiver leaves
        },
        { sender: Tag },
      ),
      postSave.connect(({ instance, raw, created }) => void seen.push(`post ${String((instance as Tag).pk)} raw=${raw} created=${created}`), { sender: Tag }),
    ];
    try {
      await load([{ model: 'blog.tag', pk: 1, fields: { name: 'replaced' } }, { model: 'blog.tag', fields: { name: 'generated' } }]);
    } finally {
      disconnect.forEach((off) => off());
    }
    expect(seen).toEqual(['pre 1 replaced raw=true', 'pre null generated raw=true', 'post 1 raw=true created=false', 'post 2 raw=true created=true']);
    expect(await Tag.objects.orderBy('pk').valuesList('name', { flat: true })).toEqual(['REPLACED', 'GENERATED']);
    const saved: boolean[] = [];
    const off = preSave.connect(({ raw }) => void saved.push(raw), { sender: Tag });
    await Tag.objects.create({ name: 'by save()' });
    off();
    expect(saved).toEqual([false]);
  });
});
