// The database cache on a real PostgreSQL server (its own database) and on PGlite: the
// conformance suite, the table `hyper createcachetable` makes, culling, a missing table.
import { caches, createCache, DatabaseCache } from '../../src/cache';
import type { CacheEntry } from '../../src/cache';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';
import { cacheConformance } from './cache-conformance';

const ENTRY: CacheEntry = { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'hyper_cache', OPTIONS: { MAX_ENTRIES: 1000 } };

describe.each(BACKENDS)('DatabaseCache on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    configure({ DATABASES: { default: db.url }, CACHES: { default: ENTRY } });
    await (caches.get('default') as DatabaseCache).createTable();
  }, 60_000);
  afterAll(async () => {
    await connections.reset();
    await db.drop();
    resetSettings();
  });

  // PGlite lives in one process, so only the server is shared by several.
  cacheConformance(kind === 'postgres' ? 'DatabaseCache (shared)' : 'DatabaseCache', async () => ({
    cache: createCache('default', ENTRY),
    twin: createCache('default', ENTRY),
    childSettings: { CACHES: { default: ENTRY }, DATABASES: { default: db.url } },
  }));

  it('made an UNLOGGED table with its expiry index', async () => {
    const { rows } = await connections.get().execute<{ relpersistence: string }>({ sql: "SELECT relpersistence FROM pg_class WHERE relname = 'hyper_cache'", parameters: [] });
    expect(rows).toEqual([{ relpersistence: 'u' }]);
    const index = await connections.get().execute({ sql: "SELECT 1 FROM pg_indexes WHERE indexname = 'hyper_cache_expires'", parameters: [] });
    expect(index.rowCount).toBe(1);
  });

  it('culls as Django: past MAX_ENTRIES the expired rows go, then a 1/CULL_FREQUENCY share', async () => {
    const small = createCache('default', { ...ENTRY, OPTIONS: { MAX_ENTRIES: 9, CULL_FREQUENCY: 3 } });
    await small.clear();
    await small.set('a-gone', 1, 0.05);
    for (let i = 0; i < 8; i++) await small.set(`k${i}`, i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 10 rows, one expired: that one goes, and the 9 left are within MAX_ENTRIES.
    await small.set('k8', 8);
    expect(Object.keys(await small.getMany(Array.from({ length: 9 }, (_, i) => `k${i}`)))).toHaveLength(9);
    // 10 live rows: 10/3 = 3, the first three keys in order, are culled.
    await small.set('k9', 9);
    const found = await small.getMany(Array.from({ length: 10 }, (_, i) => `k${i}`));
    expect(Object.keys(found)).toEqual(['k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('says to run createcachetable when the table is missing', async () => {
    const missing = createCache('default', { ...ENTRY, LOCATION: 'no_such_cache_table' });
    await expect(missing.get('k')).rejects.toMatchObject({ code: 'HYPER_CACHE_NO_TABLE', message: expect.stringContaining('hyper createcachetable') });
  });

  it('refuses a LOCATION that is not a table name', () => {
    expect(() => createCache('default', { ...ENTRY, LOCATION: 'x; DROP TABLE y' })).toThrow(/LOCATION must be the cache table's name/);
  });
});
