// A PostgreSQL server through a pg.Pool. Each pool has its own type parsers (never
// pg's global ones, which other code in the process may change) and starts every
// session in UTC with ISO 8601 intervals, so values read as type-parsers.ts says.
import { Kysely } from 'kysely';
import { Client, Pool, type ClientConfig, type PoolClient, type QueryResult as PgResult } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DatabaseConfig } from './config';
import { translateError } from './errors';
import { beforeQuery } from './instrumentation';
import { activeAtomic } from './transaction-context';
import { BaseConnection, type QueryResult, type SchemalessKysely } from './connection';
import { HyperDialect } from './kysely-dialect';
import { Mutex } from './mutex';
import { PipelinedStatements } from './postgres-pipeline';
import { touchStatement, trimStatements } from './statement-cache';
import type { Session } from './transaction-context';
import { typeParser } from './type-parsers';

// Statements carry our own text parameters (parameters.ts) and results are text.
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) => (format === 'binary' ? (value: unknown) => value : typeParser(oid))) as never,
};

/**
 * Run at connection start-up (the 'options' startup parameter), so no statement is spent on it.
 * plan_cache_mode=auto (PostgreSQL's default, set in case the server's configuration
 * says otherwise): unnamed statements are planned for their values each time, and the
 * ORM names only statements whose plan cannot depend on them (compile-context.ts).
 */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c IntervalStyle=iso_8601 -c bytea_output=hex -c plan_cache_mode=auto';

export class PostgresConnection extends BaseConnection {
  private poolInstance: Pool | undefined;
  private statementsInstance: PipelinedStatements | undefined;

  constructor(config: DatabaseConfig) {
    super(config);
  }

  /** The pool, created on first use. */
  get pool(): Pool {
    if (!this.poolInstance) {
      const pool = new Pool({
        ...this.clientConfig(),
        max: this.config.poolSize,
        idleTimeoutMillis: 30_000,
        // An idle pool does not keep a script or a test process alive.
        allowExitOnIdle: true,
        // Statements outside transactions share connections (postgres-pipeline.ts).
        pipeline: true,
      });
      // An idle client whose server went away (restart, DROP DATABASE ... FORCE)
      // emits 'error' on the pool; unhandled, that would crash the process. The pool
      // has already dropped the client, and the next query reports any real problem.
      pool.on('error', () => undefined);
      this.poolInstance = pool;
    }
    return this.poolInstance;
  }

  private clientConfig(): ClientConfig {
    return {
      connectionString: this.config.url,
      connectionTimeoutMillis: 10_000,
      application_name: this.config.applicationName,
      statement_timeout: this.config.statementTimeout,
      options: SESSION_OPTIONS,
      types: PG_TYPES,
    };
  }

  /**
   * A COPY holds its connection until the last row, which a pipelined pool connection
   * cannot do: it runs on a client of its own, outside any transaction (a snapshot of its own).
   */
  copyOut(sql: string): AsyncIterable<Buffer> | undefined {
    if (activeAtomic(this.alias)) return undefined;
    return this.copyChunks(sql);
  }

  private async *copyChunks(sql: string): AsyncGenerator<Buffer> {
    beforeQuery(this.alias, sql, []);
    const client = new Client(this.clientConfig());
    // An error from the socket after the end is of no interest; during the COPY it reaches the stream.
    client.on('error', () => undefined);
    try {
      await client.connect();
      for await (const chunk of client.query(copyTo(sql))) yield chunk as Buffer;
    } catch (error) {
      throw translateError(error, this.config);
    } finally {
      // A COPY left half read (an error, a reader that stopped) is ended by closing its connection.
      await client.end().catch(() => undefined);
    }
  }

  private get statements(): PipelinedStatements {
    return (this.statementsInstance ??= new PipelinedStatements(this.pool, this.config.poolSize));
  }

  protected async run(sql: string, parameters: (string | null)[], name?: string): Promise<QueryResult> {
    return toResult(await this.statements.query({ text: sql, values: parameters, name }));
  }

  protected async runScript(sql: string): Promise<void> {
    // No parameters: pg uses the simple protocol, which takes several statements.
    await this.statements.query(sql);
  }

  async openSession(): Promise<Session> {
    this.statementsInstance?.makeRoom();
    const client: PoolClient = await this.pool.connect();
    // Not in a transaction yet: statements the connection no longer needs can go (statement-cache.ts).
    trimStatements(client);
    // Statements of one transaction may be issued together (Promise.all in atomic());
    // one client runs one at a time, so they queue here rather than inside pg.
    const queue = new Mutex();
    let released = false;
    return {
      query: (sql, parameters, name) =>
        queue.run(async () => {
          if (name !== undefined) touchStatement(client, name);
          return toResult(await (parameters.length || name ? client.query({ text: sql, values: parameters as string[], name }) : client.query(sql)));
        }),
      release: (broken) => {
        if (released) return;
        released = true;
        client.release(broken ? true : undefined);
      },
    };
  }

  protected createKysely(): SchemalessKysely {
    return new Kysely({ dialect: new HyperDialect(this) });
  }

  protected async shutdown(): Promise<void> {
    const pool = this.poolInstance;
    this.poolInstance = undefined;
    this.statementsInstance?.close();
    this.statementsInstance = undefined;
    if (pool) await pool.end();
  }
}

function toResult(result: PgResult | PgResult[]): QueryResult {
  // A multi-statement string gives one result per statement; the last one speaks.
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? last?.rows?.length ?? 0, command: last?.command };
}
