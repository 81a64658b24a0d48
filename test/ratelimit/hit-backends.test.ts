// BaseCache.hit(), the counter rate limits use, on each shared store in one process:
// 200 concurrent hits count 1..200 with none lost, an expired counter starts again with a
// new life, the other counter is read in the same step, and the database cache culls the
// rows new counters make. (Across processes: workers.test.ts.)
import { caches, createCache, DatabaseCache, type BaseCache, type CacheEntry } from '../../src/cache';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

const RUN = `hyper-hit-${process.pid}-${Date.now().toString(36)}`;
const REDIS: CacheEntry = { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:6379/0', KEY_PREFIX: RUN };
const DATABASE: CacheEntry = { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'hit_cache', OPTIONS: { MAX_ENTRIES: 50, CULL_FREQUENCY: 2 } };
const LOCMEM: CacheEntry = { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: RUN };

let db: TestDatabase;
const opened: BaseCache[] = [];
beforeAll(async () => {
  db = await createTestDatabase('postgres');
  configure({ DATABASES: { default: db.url }, CACHES: { default: DATABASE } });
  await (caches.get('default') as DatabaseCache).createTable();
}, 60_000);
afterAll(async () => {
  for (const cache of opened) await cache.clear();
  await Promise.all(opened.map((cache) => cache.close()));
  await caches.closeAll();
  await connections.reset();
  await db.drop();
  resetSettings();
});

const open = (entry: CacheEntry) => {
  const cache = createCache('default', entry);
  opened.push(cache);
  return cache;
};

describe.each([
  ['Redis', REDIS],
  ['the database cache', DATABASE],
  ['local memory', LOCMEM],
])('hit() on %s', (_name, entry) => {
  test('200 concurrent hits count 1..200, none lost; the remaining life is the first hit\'s', async () => {
    const cache = open(entry);
    const hits = await Promise.all(Array.from({ length: 200 }, () => cache.hit('burst', 60_000)));
    expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    for (const h of hits) {
      expect(h.ttl).toBeGreaterThan(50_000);
      // lru-cache reads its clock coarsely: local memory may say a hair over the life given.
      expect(h.ttl).toBeLessThanOrEqual(61_000);
    }
    expect(await cache.get('burst')).toBe(200);
  });

  test('an expired counter starts again at 1; the other counter is read with the hit', async () => {
    const cache = open(entry);
    await cache.hit('short', 150);
    expect((await cache.hit('short', 150)).count).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await cache.hit('short', 5000)).count).toBe(1);
    await cache.set('previous', 7);
    expect(await cache.hit('current', 5000, 'previous')).toMatchObject({ count: 1, other: 7 });
    expect(await cache.hit('current', 5000, 'absent')).toMatchObject({ count: 2, other: 0 });
  });
});

test('the database cache culls the rows new counters make, as set() does', async () => {
  const cache = open(DATABASE);
  for (let i = 0; i < 120; i++) await cache.hit(`client-${i}`, 60_000);
  const { rows } = await connections.get().execute<{ n: string }>({ sql: 'SELECT count(*) AS n FROM hit_cache', parameters: [] });
  expect(Number(rows[0].n)).toBeLessThanOrEqual(51);
});
