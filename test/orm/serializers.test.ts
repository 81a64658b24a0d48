// The fixture serializers on a real database (server and PGlite): every field type
// round-trips through serializeQuerySet and FixtureLoader; rows pass in batches of a
// bounded size (the streaming that keeps dumpdata and loaddata in flat memory); a row
// the database refuses in the middle of a batch is named by index and field, with
// nothing written; preSave and postSave reach receivers with raw: true.
import { atomic, connections, observeQueries, type ExecutedQuery } from '../../src/db';
import { postSave, preSave } from '../../src/orm';
import { DeserializationError, FixtureLoader, serializeQuerySet, type FixtureObject } from '../../src/orm/serializers';
import { LOAD_BATCH_SIZE } from '../../src/orm/serializers/loader';
import { DUMP_BATCH_SIZE } from '../../src/orm/serializers/serialize';
import { BACKENDS } from '../support/test-databases';
import { Everything, Tag } from './models';
import { useDatabase } from './support';

async function dump(model: { objects: unknown }): Promise<FixtureObject[]> {
  const out: FixtureObject[] = [];
  for await (const batch of serializeQuerySet(model.objects as never)) out.push(...batch);
  return out;
}

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

  test(`dumps through a cursor ${DUMP_BATCH_SIZE} rows a fetch, and loads ${LOAD_BATCH_SIZE} rows an INSERT of one parameter`, async () => {
    const rows = 2 * LOAD_BATCH_SIZE + 123;
    const statements: ExecutedQuery[] = [];
    await observeQueries((query) => void statements.push(query), () => load(tags(rows)));
    const inserts = statements.filter((query) => query.sql.startsWith('INSERT INTO "blog_tag"'));
    expect(inserts.map((query) => JSON.parse(query.parameters[0] as string).length)).toEqual([LOAD_BATCH_SIZE, LOAD_BATCH_SIZE, 123]);
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
    expect(batches).toEqual([DUMP_BATCH_SIZE, DUMP_BATCH_SIZE, rows - 2 * DUMP_BATCH_SIZE]);
    expect(cursors).toEqual([{ statement: expect.stringMatching(/^DECLARE hyper_cursor_\d+_\d+ NO SCROLL CURSOR FOR SELECT .* FROM "blog_tag" AS "t0" ORDER BY "t0"."id" ASC$/) }]);
  });

  test('a row the database refuses in the middle of a batch is named by index and field, and nothing is written', async () => {
    const objects = tags(3000);
    objects[1999] = { model: 'blog.tag', pk: 2000, fields: { name: 'x'.repeat(51) } };
    const error = await load(objects, 'big.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as Error).message).toBe("big.json, object 2000 (blog.tag pk 2000), field 'name': value too long for type character varying(50)");
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
