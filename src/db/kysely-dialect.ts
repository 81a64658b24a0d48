// A Kysely dialect over a framework Connection, for both backends. PGlite has no
// dialect of its own in Kysely; for a server, going through the Connection (rather
// than Kysely's PostgresDialect on the pool) is what makes `connection.kysely`
// queries join the atomic() block around them, and lets PGlite's single session
// serialize them with everything else. SQL generation is Kysely's PostgreSQL one.
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult as KyselyResult,
  type TransactionSettings,
} from 'kysely';
import type { BaseConnection, QueryResult, SchemalessKysely } from './connection';
import { TransactionManagementError } from './errors';
import { activeAtomic, type Session } from './transaction-context';

export class HyperDialect implements Dialect {
  constructor(private readonly connection: BaseConnection) {}

  createDriver(): Driver {
    return new HyperDriver(this.connection);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: SchemalessKysely): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** What Kysely calls a connection: the framework Connection, or a session held for Kysely's own transaction(). */
class HyperKyselyConnection implements DatabaseConnection {
  session: Session | null = null;

  constructor(private readonly connection: BaseConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<KyselyResult<R>> {
    const result = this.session
      ? await this.connection.executeOn(this.session, compiled)
      : await this.connection.execute(compiled);
    return toKyselyResult<R>(result);
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<KyselyResult<R>> {
    if (this.session) throw new TransactionManagementError("Streaming inside Kysely's transaction() is not supported; use atomic() around it.");
    for await (const rows of this.connection.streamBatches<R>(compiled, chunkSize)) yield { rows };
  }
}

class HyperDriver implements Driver {
  constructor(private readonly connection: BaseConnection) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new HyperKyselyConnection(this.connection);
  }

  async beginTransaction(kyselyConnection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (activeAtomic(this.connection.alias)) {
      throw new TransactionManagementError(
        `Kysely's transaction() cannot start inside atomic() for '${this.connection.alias}': its queries already run in atomic()'s transaction.`,
      );
    }
    const hyper = kyselyConnection as HyperKyselyConnection;
    hyper.session = await this.connection.openSession();
    let sql = 'BEGIN';
    if (settings.isolationLevel) sql += ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}`;
    if (settings.accessMode) sql += ` ${settings.accessMode.toUpperCase()}`;
    await this.end(hyper, sql, false);
  }

  async commitTransaction(kyselyConnection: DatabaseConnection): Promise<void> {
    await this.end(kyselyConnection as HyperKyselyConnection, 'COMMIT', true);
  }

  async rollbackTransaction(kyselyConnection: DatabaseConnection): Promise<void> {
    await this.end(kyselyConnection as HyperKyselyConnection, 'ROLLBACK', true);
  }

  async savepoint(kyselyConnection: DatabaseConnection, name: string): Promise<void> {
    await kyselyConnection.executeQuery(CompiledQuery.raw(`SAVEPOINT ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(kyselyConnection: DatabaseConnection, name: string): Promise<void> {
    await kyselyConnection.executeQuery(CompiledQuery.raw(`ROLLBACK TO SAVEPOINT ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(kyselyConnection: DatabaseConnection, name: string): Promise<void> {
    await kyselyConnection.executeQuery(CompiledQuery.raw(`RELEASE SAVEPOINT ${quoteIdentifier(name)}`));
  }

  async releaseConnection(): Promise<void> {}

  // The Connection owns the pool or the PGlite instance and closes it itself.
  async destroy(): Promise<void> {}

  /** Runs BEGIN/COMMIT/ROLLBACK on the held session; gives the session back when done or broken. */
  private async end(hyper: HyperKyselyConnection, sql: string, finished: boolean): Promise<void> {
    const session = hyper.session!;
    try {
      await this.connection.executeOn(session, CompiledQuery.raw(sql));
    } catch (error) {
      hyper.session = null;
      session.release(true);
      throw error;
    }
    if (finished) {
      hyper.session = null;
      session.release();
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function toKyselyResult<R>(result: QueryResult): KyselyResult<R> {
  const changed = result.command === 'INSERT' || result.command === 'UPDATE' || result.command === 'DELETE' || result.command === 'MERGE';
  return changed ? { rows: result.rows as R[], numAffectedRows: BigInt(result.rowCount) } : { rows: result.rows as R[] };
}
