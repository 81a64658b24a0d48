// The embedded database: PostgreSQL compiled to WASM (PGlite), in a project folder
// or in memory. It is one PostgreSQL backend, so it is one session: statements take
// turns, and a transaction holds the turn from BEGIN to COMMIT; statements from
// outside the transaction's async context wait for it to end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { displayPath } from '../core/display-path';
import { PGLITE_MEMORY, type DatabaseConfig } from './config';
import { BaseConnection, type CompiledSql, type QueryResult } from './connection';
import { HyperDialect } from './kysely-dialect';
import { lockDataDir } from './pglite-lock';
import { Mutex } from './mutex';
import type { Session } from './transaction-context';
import { typeParser } from './type-parsers';

// PGlite reads parsers[oid] (falling back to its own) and serializers[oid]: these
// make every type parse as type-parsers.ts says and let our text parameters through,
// exactly as the pg pool does.
const PARSERS = new Proxy({}, { get: (_target, oid) => typeParser(Number(oid)), set: () => true });
const SERIALIZERS = new Proxy({}, { get: () => (value: unknown) => value, set: () => true });

const SESSION_SETUP = "SET TimeZone TO 'UTC'; SET IntervalStyle TO 'iso_8601'; SET bytea_output TO 'hex'";

export class PGliteConnection extends BaseConnection {
  private database: Promise<PGlite> | undefined;
  private releaseLock: (() => void) | undefined;
  private readonly turn = new Mutex();

  constructor(config: DatabaseConfig) {
    super(config);
  }

  /** The PGlite instance, started (and the folder locked, or created) on first use. */
  instance(): Promise<PGlite> {
    this.database ??= this.start().catch((error) => {
      this.database = undefined;
      this.releaseLock?.();
      this.releaseLock = undefined;
      throw error;
    });
    return this.database;
  }

  private async start(): Promise<PGlite> {
    const dir = this.config.dir!;
    if (dir !== PGLITE_MEMORY) {
      const isNew = !fs.existsSync(path.join(dir, 'PG_VERSION'));
      this.releaseLock = lockDataDir(dir);
      if (isNew) process.stderr.write(`Creating the embedded database in ${displayPath(dir)} ...\n`);
    }
    const { PGlite: PGliteClass } = loadPGlite();
    const database = await PGliteClass.create(dir === PGLITE_MEMORY ? 'memory://' : dir);
    Object.assign(database, { parsers: PARSERS, serializers: SERIALIZERS });
    await database.exec(SESSION_SETUP);
    return database;
  }

  protected async run(sql: string, parameters: (string | null)[]): Promise<QueryResult> {
    const database = await this.instance();
    return this.turn.run(async () => toResult(await database.query(sql, parameters)));
  }

  protected async runScript(sql: string): Promise<void> {
    const database = await this.instance();
    await this.turn.run(() => database.exec(sql));
  }

  async openSession(): Promise<Session> {
    const database = await this.instance();
    const release = await this.turn.acquire();
    return {
      // A script (no parameters) may hold several statements: exec takes those.
      query: async (sql, parameters) =>
        parameters.length ? toResult(await database.query(sql, [...parameters])) : toResult((await database.exec(sql)).at(-1)),
      release: () => release(),
    };
  }

  /**
   * Outside a transaction, a WITH HOLD cursor: each FETCH takes a turn of its own, so
   * a loop over the rows may run other queries without waiting for the loop to end.
   */
  protected async *streamOutsideTransaction<R>(query: CompiledSql, batchSize: number): AsyncGenerator<R> {
    yield* this.cursor<R>((sql, parameters) => this.run(sql, parameters), query, batchSize, true);
  }

  protected createKysely(): Kysely<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return new Kysely({ dialect: new HyperDialect(this) });
  }

  protected async shutdown(): Promise<void> {
    const started = this.database;
    this.database = undefined;
    if (started) {
      try {
        await (await started).close();
      } catch {
        // It never started: nothing to close.
      }
    }
    this.releaseLock?.();
    this.releaseLock = undefined;
  }
}

/** Loaded on first use: projects on a server never pay for the WASM module. */
function loadPGlite(): typeof import('@electric-sql/pglite') {
  return require('@electric-sql/pglite');
}

interface PGliteResult {
  rows?: unknown[];
  rowCount?: number;
  affectedRows?: number;
  command?: string;
}

function toResult(result: PGliteResult | undefined): QueryResult {
  const rows = (result?.rows ?? []) as Record<string, unknown>[];
  return { rows, rowCount: result?.rowCount ?? result?.affectedRows ?? rows.length, command: result?.command };
}
