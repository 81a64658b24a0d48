// The embedded database: PostgreSQL compiled to WASM (PGlite), in a project folder
// or in memory. It is one PostgreSQL backend, so it is one session: statements take
// turns, and a transaction holds the turn from BEGIN to COMMIT; statements from
// outside the transaction's async context wait for it to end.
//
// A folder is opened by one process, its owner, which serves it to the project's other
// processes (pglite-server.ts); they use it as clients (pglite-client.ts). Who is which
// is settled on first use, and again when an owner goes away: the next statement of a
// client then opens the folder itself or joins the new owner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { displayPath } from '../core/display-path';
import { PGLITE_MEMORY, type DatabaseConfig } from './config';
import { BaseConnection, type CompiledSql, type QueryResult, type SchemalessKysely } from './connection';
import { OperationalError } from './errors';
import { HyperDialect } from './kysely-dialect';
import { SharedPGliteClient } from './pglite-client';
import { claimDataDir, inUse, type DataDirLock, type OwnerRecord } from './pglite-lock';
import { serveDatabase, type SharedServer } from './pglite-server';
import { Mutex } from './mutex';
import type { Session } from './transaction-context';
import { typeParser } from './type-parsers';

// PGlite reads parsers[oid] (falling back to its own) and serializers[oid]: these
// make every type parse as type-parsers.ts says and let our text parameters through,
// exactly as the pg pool does.
const PARSERS = new Proxy({}, { get: (_target, oid) => typeParser(Number(oid)), set: () => true });
const SERIALIZERS = new Proxy({}, { get: () => (value: unknown) => value, set: () => true });

const SESSION_SETUP = "SET TimeZone TO 'UTC'; SET IntervalStyle TO 'iso_8601'; SET bytea_output TO 'hex'";

/** How long a process waits for an owner that is still starting (creating the folder takes seconds). */
export const OWNER_START_TIMEOUT = 30_000;
/** Connecting to an owner that has gone, then to the next: up to ~5 s. */
const RECONNECT_ATTEMPTS = 50;
/** Published by an owner that could not serve: the others are refused at once. */
const NOT_SERVED = 'none';

interface Owned {
  kind: 'owner';
  database: PGlite;
  lock?: DataDirLock;
  server?: SharedServer;
}

interface Joined {
  kind: 'client';
  client: SharedPGliteClient;
  owner: OwnerRecord;
}

type Backend = Owned | Joined;

export class PGliteConnection extends BaseConnection {
  private backend: Promise<Backend> | undefined;
  private settled: Backend | undefined;
  private readonly turn = new Mutex();

  constructor(config: DatabaseConfig) {
    super(config);
  }

  /** Whether this process owns the database or uses another's; settled (the folder locked or created) on first use. */
  private instance(): Promise<Backend> {
    const started = (this.backend ??= this.start().then(
      (backend) => (this.settled = backend),
      (error) => {
        if (this.backend === started) this.backend = undefined;
        throw error;
      },
    ));
    return started;
  }

  private async start(): Promise<Backend> {
    const dir = this.config.dir!;
    if (dir === PGLITE_MEMORY) return { kind: 'owner', database: await openPGlite(PGLITE_MEMORY, memoryStarts.get(this.alias)) };
    const deadline = Date.now() + OWNER_START_TIMEOUT;
    for (;;) {
      const claim = claimDataDir(dir);
      if (claim.lock) return this.own(dir, claim.lock);
      const { owner } = claim;
      if (owner.address === NOT_SERVED) throw inUse(dir, owner.pid);
      if (owner.address) return { kind: 'client', client: new SharedPGliteClient(this.config, owner.address), owner };
      // The owner has the lock but does not serve yet: it is still opening the folder.
      if (Date.now() > deadline) throw inUse(dir, owner.pid);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async own(dir: string, lock: DataDirLock): Promise<Owned> {
    let database: PGlite | undefined;
    try {
      const isNew = !fs.existsSync(path.join(dir, 'PG_VERSION'));
      if (isNew) process.stderr.write(`Creating the embedded database in ${displayPath(dir)} ...\n`);
      database = await openPGlite(dir);
      let server: SharedServer | undefined;
      try {
        server = await serveDatabase(database, this.turn, dir);
      } catch {
        // No socket here (a read-only folder, ...): this process still works alone.
      }
      lock.publish(server?.address ?? NOT_SERVED);
      return { kind: 'owner', database, lock, server };
    } catch (error) {
      await database?.close().catch(() => undefined);
      lock.release();
      throw error;
    }
  }

  /**
   * Runs `fn` on the backend. A client whose owner has gone settles again: when the
   * statement never reached the owner it is retried, else it fails clearly (it may
   * have run) and the next statement reconnects.
   */
  private async use<T>(fn: (backend: Backend) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const backend = await this.instance();
      if (backend.kind === 'owner') return fn(backend);
      try {
        return await fn(backend);
      } catch (error) {
        if (!ownerGone(error)) throw error;
        this.forget(backend);
        // An owner that is closing may still be named in the lock for a moment.
        if (!neverSent(error) || attempt >= RECONNECT_ATTEMPTS) throw this.lostOwner(backend, error);
        if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private forget(backend: Joined): void {
    if (this.settled === backend) {
      this.settled = undefined;
      this.backend = undefined;
    }
    void backend.client.close().catch(() => undefined);
  }

  private lostOwner(backend: Joined, cause: unknown): OperationalError {
    return new OperationalError(
      `The process that served the embedded database in ${displayPath(this.config.dir!)} (pid ${backend.owner.pid}) stopped during this statement, which may or may not have been applied; run it again (the next statement reconnects).`,
      { code: 'HYPER_DB_EMBEDDED_OWNER_GONE', cause },
    );
  }

  protected run(sql: string, parameters: (string | null)[]): Promise<QueryResult> {
    return this.use(async (backend) => {
      if (backend.kind === 'client') return backend.client.query(sql, parameters);
      return this.turn.run(async () => toResult(await backend.database.query(sql, parameters)));
    });
  }

  protected runScript(sql: string): Promise<void> {
    return this.use(async (backend) => {
      if (backend.kind === 'client') return backend.client.script(sql);
      await this.turn.run(() => backend.database.exec(sql));
    });
  }

  async openSession(): Promise<Session> {
    return this.use(async (backend) => {
      if (backend.kind === 'client') return this.clientSession(backend);
      const release = await this.turn.acquire();
      const { database } = backend;
      return {
        // A script (no parameters) may hold several statements: exec takes those.
        query: async (sql, parameters) =>
          parameters.length ? toResult(await database.query(sql, [...parameters])) : toResult((await database.exec(sql)).at(-1)),
        release: () => release(),
      };
    });
  }

  private async clientSession(backend: Joined): Promise<Session> {
    const session = await backend.client.openSession();
    return {
      // No statement names (see SharedPGliteClient.query).
      query: async (sql, parameters) => {
        try {
          return await session.query(sql, parameters);
        } catch (error) {
          if (!ownerGone(error)) throw error;
          this.forget(backend);
          throw this.lostOwner(backend, error);
        }
      },
      release: (broken) => session.release(broken),
    };
  }

  /**
   * Outside a transaction, a WITH HOLD cursor: each FETCH takes a turn of its own, so
   * a loop over the rows may run other queries without waiting for the loop to end.
   */
  protected async *streamOutsideTransaction<R>(query: CompiledSql, batchSize: number): AsyncGenerator<R[]> {
    yield* this.cursor<R>((sql, parameters) => this.run(sql, parameters), query, batchSize, true);
  }

  protected createKysely(): SchemalessKysely {
    return new Kysely({ dialect: new HyperDialect(this) });
  }

  /** The database's files as a gzipped tarball, which startMemoryDatabaseFrom() starts another database from. */
  async dumpDataDir(): Promise<Buffer> {
    const backend = await this.instance();
    if (backend.kind !== 'owner') throw new OperationalError(`Only the process that opened the embedded database '${this.alias}' can dump its files.`);
    const tarball = await this.turn.run(async () => {
      // Little for the recovery to replay when a database starts from these files.
      await backend.database.exec('CHECKPOINT');
      return backend.database.dumpDataDir('gzip');
    });
    return Buffer.from(await tarball.arrayBuffer());
  }

  protected async shutdown(): Promise<void> {
    const started = this.backend;
    this.backend = undefined;
    this.settled = undefined;
    let backend: Backend;
    try {
      if (!started) return;
      backend = await started;
    } catch {
      return; // it never started: nothing to close
    }
    if (backend.kind === 'client') {
      await backend.client.close();
      return;
    }
    try {
      // Clients first: one in a transaction is rolled back while the database is open.
      await backend.server?.close();
      await backend.database.close();
    } finally {
      backend.lock?.release();
    }
  }
}

// Aliases whose in-memory database starts from a tarball of files (dumpDataDir()),
// not empty: `hyper test` makes the initdb'd and migrated files once, as initdb alone
// takes PGlite seconds (tens of seconds on a busy machine).
const memoryStarts = new Map<string, string>();

/** Starts the in-memory database of `alias`, when it opens, from the files of a dumpDataDir() tarball (undefined: empty again). */
export function startMemoryDatabaseFrom(alias: string, tarball: string | undefined): void {
  if (tarball === undefined) memoryStarts.delete(alias);
  else memoryStarts.set(alias, tarball);
}

async function openPGlite(dir: string, tarball?: string): Promise<PGlite> {
  const { PGlite: PGliteClass } = loadPGlite();
  let loadDataDir: Blob | undefined;
  if (tarball) {
    try {
      loadDataDir = new Blob([fs.readFileSync(tarball)]);
    } catch (error) {
      throw new OperationalError(`The embedded database's starting files ${displayPath(tarball)} cannot be read (${(error as Error).message}).`);
    }
  }
  // Files dumped from a running database start with a crash recovery, whose progress
  // timer (log_startup_progress_interval, 10 s) PGlite never stops: it would keep the
  // process alive for ever.
  const options = loadDataDir ? { loadDataDir, startParams: [...PGliteClass.defaultStartParams, '-c', 'log_startup_progress_interval=0'] } : {};
  const database = await PGliteClass.create(dir === PGLITE_MEMORY ? 'memory://' : dir, options);
  Object.assign(database, { parsers: PARSERS, serializers: SERIALIZERS });
  await database.exec(SESSION_SETUP);
  return database;
}

/**
 * Loaded on first use: projects on a server never pay for the WASM module. Through
 * Node's own loader (Module._load), also inside jest's module sandbox, which refuses
 * the dynamic import()s PGlite starts its WASM with (and whose createRequire is its own).
 */
function loadPGlite(): typeof import('@electric-sql/pglite') {
  const { _load } = require('node:module') as { _load: (request: string, parent: null, isMain: boolean) => unknown };
  return _load(require.resolve('@electric-sql/pglite'), null, false) as typeof import('@electric-sql/pglite');
}

// The owner's socket is gone (ENOENT, ECONNREFUSED) or closed under a statement.
const GONE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE']);

function ownerGone(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && GONE_CODES.has(code)) || (typeof message === 'string' && /Connection terminated/i.test(message));
}

/** Failed to connect: the statement never left this process. */
function neverSent(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === 'ECONNREFUSED' || code === 'ENOENT';
}

interface PGliteResult {
  rows?: unknown[];
  rowCount?: number;
  affectedRows?: number;
  command?: string;
}

function toResult(result: PGliteResult | undefined): QueryResult {
  // Copied into arrays and objects of this module's realm: under jest, PGlite runs in
  // Node's own (see loadPGlite), whose prototypes the test's strict assertions refuse.
  const rows = Array.from((result?.rows ?? []) as Record<string, unknown>[], (row) => ({ ...row }));
  return { rows, rowCount: result?.rowCount ?? result?.affectedRows ?? rows.length, command: result?.command };
}
