// What the ORM and users hold: one configured database, whichever backend runs it.
// The backends (postgres-connection.ts, pglite-connection.ts) only say how to run a
// statement and how to hold a connection for a transaction; the rest is here, once.
import type { Kysely } from 'kysely';
import { InvalidArgument } from '../core/errors';
import type { DatabaseConfig } from './config';
import { TransactionManagementError, translateError } from './errors';
import { beforeQuery } from './instrumentation';
import { serializeParameters } from './parameters';
import { activeAtomic, type Session, type Transaction } from './transaction-context';

/**
 * Kysely over the project's tables. They are its models, known only at run time, so
 * the database type names no tables: any table and column is taken, values are unknown.
 */
export type SchemalessKysely = Kysely<Record<string, Record<string, unknown>>>;

export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  /** Rows returned by a SELECT, or changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
  /** The command tag's verb: 'SELECT', 'INSERT', ... */
  command?: string;
}

export interface CompiledSql {
  sql: string;
  parameters: readonly unknown[];
}

export interface Connection {
  readonly alias: string;
  readonly config: DatabaseConfig;
  /**
   * Runs one statement: inside atomic() for this alias on the transaction's
   * connection, else on the pool. `name` makes it a named prepared statement on a
   * server (ignored by PGlite). Errors come back translated (errors.ts).
   */
  execute<R = Record<string, unknown>>(query: CompiledSql, options?: { name?: string }): Promise<QueryResult<R>>;
  /** Rows through a server-side cursor, `batchSize` at a time, inside a transaction (opened if needed). */
  stream<R = Record<string, unknown>>(query: CompiledSql, batchSize?: number): AsyncIterable<R>;
  /** The same rows as stream(), one array per FETCH: for readers that handle rows by the thousand. */
  streamBatches<R = Record<string, unknown>>(query: CompiledSql, batchSize?: number): AsyncIterable<R[]>;
  /** Several statements in one string, no parameters (simple protocol): for scripts and RunSQL. */
  executeScript(sql: string): Promise<void>;
  /**
   * The bytes `COPY (...) TO STDOUT` writes, a chunk as it arrives, on a connection of its
   * own. Undefined where COPY cannot stream (PGlite, or inside atomic(), whose pipelined
   * connection cannot carry it), so the caller reads the rows its other way.
   */
  copyOut(sql: string): AsyncIterable<Buffer> | undefined;
  /** A Kysely instance over this connection; its queries join atomic() like execute()'s. */
  readonly kysely: SchemalessKysely;
  close(): Promise<void>;
}

export const DEFAULT_BATCH_SIZE = 1000;

let cursorCount = 0;

export abstract class BaseConnection implements Connection {
  readonly alias: string;
  private kyselyInstance: SchemalessKysely | undefined;

  constructor(readonly config: DatabaseConfig) {
    this.alias = config.alias;
  }

  /** Runs a statement outside any transaction. */
  protected abstract run(sql: string, parameters: (string | null)[], name?: string): Promise<QueryResult>;
  /** Runs a multi-statement script outside any transaction. */
  protected abstract runScript(sql: string): Promise<void>;
  /** A connection of its own, for a transaction; release() it. */
  abstract openSession(): Promise<Session>;
  protected abstract shutdown(): Promise<void>;
  protected abstract createKysely(): SchemalessKysely;

  get kysely(): SchemalessKysely {
    this.kyselyInstance ??= this.createKysely();
    return this.kyselyInstance;
  }

  async execute<R = Record<string, unknown>>(query: CompiledSql, options: { name?: string } = {}): Promise<QueryResult<R>> {
    const active = activeAtomic(this.alias);
    try {
      beforeQuery(this.alias, query.sql, query.parameters);
      const parameters = serializeParameters(query.parameters);
      if (!active) return (await this.run(query.sql, parameters, options.name)) as QueryResult<R>;
      checkUsable(active.transaction);
      return (await active.transaction.session.query(query.sql, parameters, options.name)) as QueryResult<R>;
    } catch (error) {
      throw translateError(error, this.config);
    }
  }

  async executeScript(sql: string): Promise<void> {
    const active = activeAtomic(this.alias);
    try {
      beforeQuery(this.alias, sql, []);
      if (!active) return await this.runScript(sql);
      checkUsable(active.transaction);
      await active.transaction.session.query(sql, []);
    } catch (error) {
      throw translateError(error, this.config);
    }
  }

  /** None by default: a backend that streams COPY says how (postgres-connection.ts). */
  copyOut(_sql: string): AsyncIterable<Buffer> | undefined {
    return undefined;
  }

  /** Runs a statement on a session this code holds (Kysely's own transactions). */
  async executeOn(session: Session, query: CompiledSql): Promise<QueryResult> {
    try {
      beforeQuery(this.alias, query.sql, query.parameters);
      return await session.query(query.sql, serializeParameters(query.parameters));
    } catch (error) {
      throw translateError(error, this.config);
    }
  }

  async *stream<R = Record<string, unknown>>(query: CompiledSql, batchSize = DEFAULT_BATCH_SIZE): AsyncGenerator<R> {
    for await (const rows of this.streamBatches<R>(query, batchSize)) yield* rows;
  }

  async *streamBatches<R = Record<string, unknown>>(query: CompiledSql, batchSize = DEFAULT_BATCH_SIZE): AsyncGenerator<R[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InvalidArgument('HYPER_DB_BAD_BATCH_SIZE', `stream() batchSize must be a positive integer, got ${batchSize}.`);
    beforeQuery(this.alias, query.sql, query.parameters);
    const active = activeAtomic(this.alias);
    if (!active) {
      yield* this.streamOutsideTransaction<R>(query, batchSize);
      return;
    }
    checkUsable(active.transaction);
    const session = active.transaction.session;
    yield* this.cursor<R>((sql, parameters) => session.query(sql, parameters), query, batchSize, false);
  }

  /**
   * A cursor lives in a transaction: by default, one is opened on a connection of
   * its own for as long as the rows are read (PGlite overrides this).
   */
  protected async *streamOutsideTransaction<R>(query: CompiledSql, batchSize: number): AsyncGenerator<R[]> {
    let session: Session;
    try {
      session = await this.openSession();
    } catch (error) {
      throw translateError(error, this.config);
    }
    let failed = false;
    try {
      await this.runOn(session, 'BEGIN');
      yield* this.cursor<R>((sql, parameters) => session.query(sql, parameters), query, batchSize, false);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        await session.query(failed ? 'ROLLBACK' : 'COMMIT', []);
        session.release();
      } catch {
        session.release(true);
      }
    }
  }

  private async runOn(session: Session, sql: string): Promise<void> {
    try {
      await session.query(sql, []);
    } catch (error) {
      throw translateError(error, this.config);
    }
  }

  /**
   * Declares a cursor for `query` and fetches it in batches through `run`, each
   * batch handed out whole. A `hold`
   * cursor (WITH HOLD) outlives the statement that declared it, so it needs no
   * transaction: PostgreSQL keeps the result until CLOSE.
   */
  protected async *cursor<R>(
    run: (sql: string, parameters: (string | null)[]) => Promise<QueryResult>,
    query: CompiledSql,
    batchSize: number,
    hold: boolean,
  ): AsyncGenerator<R[]> {
    // The pid keeps it apart from other processes' cursors on a shared embedded database.
    const name = `hyper_cursor_${process.pid}_${++cursorCount}`;
    try {
      await run(`DECLARE ${name} NO SCROLL CURSOR ${hold ? 'WITH HOLD ' : ''}FOR ${query.sql}`, serializeParameters(query.parameters));
    } catch (error) {
      throw translateError(error, this.config);
    }
    let open = true;
    const fetch = () => {
      const next = run(`FETCH FORWARD ${batchSize} FROM ${name}`, []);
      next.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      return next;
    };
    let pending: Promise<QueryResult> | undefined = fetch();
    try {
      while (pending) {
        let batch: QueryResult;
        try {
          batch = await pending;
        } catch (error) {
          pending = undefined;
          open = hold; // in a transaction, the failure took the cursor with it
          throw translateError(error, this.config);
        }
        // The next batch is on its way while the reader works on this one: at most two are held.
        pending = batch.rows.length < batchSize ? undefined : fetch();
        if (batch.rows.length) yield batch.rows as R[];
      }
    } finally {
      // Also when the reader stops early (break, or an error in its loop): free it now.
      if (pending) await pending.catch(() => undefined);
      if (open) await run(`CLOSE ${name}`, []).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const kysely = this.kyselyInstance;
    this.kyselyInstance = undefined;
    // Kysely's destroy() calls our driver's destroy(), which does nothing: the
    // connection owns the pool, and closes it here.
    if (kysely) await kysely.destroy();
    await this.shutdown();
  }
}

function checkUsable(transaction: Transaction): void {
  if (transaction.ended) {
    throw new TransactionManagementError(
      `This code started inside an atomic() block for '${transaction.alias}' that has ended; await its work inside the block.`,
    );
  }
  if (transaction.needsRollback) {
    throw new TransactionManagementError(
      'An error occurred in the current transaction; no query can run until the end of its outermost atomic() block.',
    );
  }
}
