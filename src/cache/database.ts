// The database cache (Django's DatabaseCache): one PostgreSQL UNLOGGED table (LOCATION)
// made by `hyper createcachetable`, on the DATABASES alias OPTIONS.DATABASE ('default').
// UNLOGGED skips the write-ahead log: a cache needs no crash safety, and writes are
// cheaper. Expired rows are culled as Django does: once the table holds more than
// OPTIONS.MAX_ENTRIES (300), expired rows go, then a 1/CULL_FREQUENCY (3) share of the
// rest (0: all). incr() is one UPDATE, so concurrent processes add exactly.
import { connections } from '../db/connection-handler';
import type { Connection } from '../db/connection';
import { DatabaseError, OperationalError } from '../db/errors';
import { BaseCache, type CacheParams, type HitResult } from './base';
import { CacheError, CacheUnavailable } from './errors';
import { DEFAULT_MAX_ENTRIES } from './locmem';

export const DEFAULT_CULL_FREQUENCY = 3;
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
// The expiry of a ttl parameter in milliseconds; NULL is forever.
const EXPIRES = (param: string) => `CASE WHEN ${param}::float8 IS NULL THEN 'infinity'::timestamptz ELSE now() + ${param}::float8 * interval '1 millisecond' END`;

/** The table's name, quoted, or an error naming the setting when LOCATION is no plain name. */
export function cacheTableName(alias: string, location: string): string {
  if (!TABLE_NAME.test(location)) throw new CacheError(`CACHES['${alias}'].LOCATION must be the cache table's name (letters, digits, _), got '${location}'.`, { code: 'HYPER_CACHE_BAD_OPTION' });
  return `"${location}"`;
}

/** The statements `hyper createcachetable` runs for one table. */
export function createCacheTableSql(table: string): string[] {
  const bare = table.replace(/"/g, '');
  return [
    `CREATE UNLOGGED TABLE IF NOT EXISTS ${table} (cache_key varchar(255) NOT NULL PRIMARY KEY, value text NOT NULL, expires timestamptz NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "${bare}_expires" ON ${table} (expires)`,
  ];
}

export class DatabaseCache extends BaseCache {
  readonly shared = true;
  readonly table: string;
  readonly database: string;
  private readonly maxEntries: number;
  private readonly cullFrequency: number;

  constructor(params: CacheParams) {
    super(params);
    this.table = cacheTableName(params.alias, params.location);
    this.database = typeof params.options.DATABASE === 'string' ? params.options.DATABASE : 'default';
    this.maxEntries = Number(params.options.MAX_ENTRIES ?? DEFAULT_MAX_ENTRIES);
    this.cullFrequency = Number(params.options.CULL_FREQUENCY ?? DEFAULT_CULL_FREQUENCY);
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries <= 0) throw new CacheError(`CACHES['${params.alias}'].OPTIONS.MAX_ENTRIES must be a positive integer.`, { code: 'HYPER_CACHE_BAD_OPTION' });
    if (!Number.isSafeInteger(this.cullFrequency) || this.cullFrequency < 0) throw new CacheError(`CACHES['${params.alias}'].OPTIONS.CULL_FREQUENCY must be an integer, 0 or more.`, { code: 'HYPER_CACHE_BAD_OPTION' });
  }

  private async run<R = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<R[]> {
    let connection: Connection;
    try {
      connection = connections.get(this.database);
      return (await connection.execute<R>({ sql, parameters })).rows;
    } catch (error) {
      if (error instanceof OperationalError) throw new CacheUnavailable(`Cache '${this.alias}' cannot reach database '${this.database}': ${error.message}`, { cause: error });
      if (error instanceof DatabaseError && error.sqlState === '42P01') {
        throw new CacheError(`Cache '${this.alias}': the table ${this.table} does not exist in database '${this.database}'; run \`hyper createcachetable\`.`, { code: 'HYPER_CACHE_NO_TABLE', cause: error });
      }
      throw error;
    }
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    const rows = await this.run<{ value: string }>(`SELECT value FROM ${this.table} WHERE cache_key = $1 AND expires > now()`, [key]);
    return rows[0]?.value;
  }

  protected override async rawGetMany(keys: string[]): Promise<Array<string | undefined>> {
    if (!keys.length) return [];
    const rows = await this.run<{ cache_key: string; value: string }>(`SELECT cache_key, value FROM ${this.table} WHERE cache_key = ANY($1::text[]) AND expires > now()`, [keys]);
    const found = new Map(rows.map((row) => [row.cache_key, row.value]));
    return keys.map((key) => found.get(key));
  }

  protected async rawSet(key: string, text: string, ttl: number | null): Promise<void> {
    // One round trip: the write, and the row count culling needs (the snapshot's count,
    // plus the row when it is new: xmax is 0 for an inserted row, not an updated one).
    const rows = await this.run<{ count: string }>(
      `WITH w AS (INSERT INTO ${this.table} AS c (cache_key, value, expires) VALUES ($1, $2, ${EXPIRES('$3')}) ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires RETURNING (c.xmax = 0) AS inserted) ` +
        `SELECT (SELECT count(*) FROM ${this.table}) + (SELECT count(*) FROM w WHERE inserted) AS count`,
      [key, text, ttl],
    );
    if (Number(rows[0].count) > this.maxEntries) await this.cull();
  }

  protected async rawAdd(key: string, text: string, ttl: number | null): Promise<boolean> {
    // One statement: a live row stays, an expired one is replaced, so two processes cannot both add.
    const rows = await this.run(
      `INSERT INTO ${this.table} AS c (cache_key, value, expires) VALUES ($1, $2, ${EXPIRES('$3')}) ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires WHERE c.expires <= now() RETURNING 1 AS added`,
      [key, text, ttl],
    );
    if (rows.length) {
      const [{ count }] = await this.run<{ count: string }>(`SELECT count(*) AS count FROM ${this.table}`);
      if (Number(count) > this.maxEntries) await this.cull();
    }
    return rows.length > 0;
  }

  protected async rawDelete(key: string): Promise<boolean> {
    const rows = await this.run<{ live: boolean }>(`DELETE FROM ${this.table} WHERE cache_key = $1 RETURNING expires > now() AS live`, [key]);
    return rows[0]?.live === true;
  }

  protected override async rawDeleteMany(keys: string[]): Promise<void> {
    if (keys.length) await this.run(`DELETE FROM ${this.table} WHERE cache_key = ANY($1::text[])`, [keys]);
  }

  protected async rawTouch(key: string, ttl: number | null): Promise<boolean> {
    const rows = await this.run(`UPDATE ${this.table} SET expires = ${EXPIRES('$2')} WHERE cache_key = $1 AND expires > now() RETURNING 1 AS touched`, [key, ttl]);
    return rows.length > 0;
  }

  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    const rows = await this.run<{ value: string }>(
      `UPDATE ${this.table} SET value = (value::bigint + $2::bigint)::text WHERE cache_key = $1 AND expires > now() AND value ~ '^-?[0-9]{1,15}$' RETURNING value`,
      [key, delta],
    );
    if (rows.length) return Number(rows[0].value);
    const held = await this.rawGet(key);
    if (held === undefined) return undefined;
    throw new CacheError(`Cache key '${key}' holds ${held.slice(0, 40)}, not an integer: incr() and decr() add to integers only.`, { code: 'HYPER_CACHE_NOT_INTEGER' });
  }

  protected override async rawHit(key: string, ttl: number, alsoRead: string | undefined): Promise<HitResult> {
    // One statement: the upsert locks the row, so concurrent hits from any process count
    // exactly; an expired (or non-integer) row starts again at 1 with a new life.
    const t = this.table;
    const rows = await this.run<{ count: string; ttl: number; other: string }>(
      `WITH w AS (INSERT INTO ${t} AS c (cache_key, value, expires) VALUES ($1, '1', ${EXPIRES('$2')}) ON CONFLICT (cache_key) DO UPDATE SET ` +
        `value = CASE WHEN c.expires <= now() OR c.value !~ '^-?[0-9]{1,15}$' THEN '1' ELSE (c.value::bigint + 1)::text END, ` +
        `expires = CASE WHEN c.expires <= now() OR c.value !~ '^-?[0-9]{1,15}$' THEN EXCLUDED.expires ELSE c.expires END RETURNING value, expires) ` +
        `SELECT w.value AS count, (extract(epoch FROM (w.expires - now())) * 1000)::float8 AS ttl, ` +
        `COALESCE((SELECT o.value FROM ${t} o WHERE o.cache_key = $3 AND o.expires > now() AND o.value ~ '^[0-9]{1,15}$'), '0') AS other FROM w`,
      [key, ttl, alsoRead ?? null],
    );
    const row = rows[0];
    // A new counter is a new row (the sliding window makes one per window): cull as set() does.
    if (row.count === '1') {
      const [{ count }] = await this.run<{ count: string }>(`SELECT count(*) AS count FROM ${t}`);
      if (Number(count) > this.maxEntries) await this.cull();
    }
    const left = Number(row.ttl);
    return { count: Number(row.count), ttl: Number.isFinite(left) && left > 0 ? Math.ceil(left) : ttl, other: Number(row.other) };
  }

  protected async rawClear(): Promise<void> {
    await this.run(`DELETE FROM ${this.table}`);
  }

  private async cull(): Promise<void> {
    await this.run(`DELETE FROM ${this.table} WHERE expires <= now()`);
    const [{ left }] = await this.run<{ left: string }>(`SELECT count(*) AS left FROM ${this.table}`);
    const remaining = Number(left);
    if (remaining <= this.maxEntries) return;
    if (this.cullFrequency === 0) {
      await this.run(`DELETE FROM ${this.table}`);
      return;
    }
    await this.run(`DELETE FROM ${this.table} WHERE cache_key < (SELECT cache_key FROM ${this.table} ORDER BY cache_key LIMIT 1 OFFSET $1::int)`, [Math.floor(remaining / this.cullFrequency)]);
  }

  /** The statements that create the table and its index. */
  createTableSql(): string[] {
    return createCacheTableSql(this.table);
  }

  /** Creates the table if it is not there (what `hyper createcachetable` runs). */
  async createTable(): Promise<void> {
    for (const sql of this.createTableSql()) await this.run(sql);
  }
}
