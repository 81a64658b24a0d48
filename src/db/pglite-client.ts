// A process that does not own the embedded database uses the owner's (pglite-server.ts)
// through pg, as a server: the same SQL, types and errors as the direct path.
import { DEFAULT_APPLICATION_NAME, type DatabaseConfig } from './config';
import type { QueryResult } from './connection';
import { PostgresConnection } from './postgres-connection';

// Statements wait for their turn at the owner, not for a pool slot (whose wait times out).
const POOL_SIZE = 10;

export class SharedPGliteClient extends PostgresConnection {
  constructor(config: DatabaseConfig, address: string) {
    super({
      alias: config.alias,
      kind: 'postgres',
      url: clientUrl(address),
      poolSize: POOL_SIZE,
      applicationName: config.applicationName ?? DEFAULT_APPLICATION_NAME,
    });
    // The pool listens for errors only on idle clients: an owner that exits under a
    // transaction would otherwise crash this process. The statement in flight reports it.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /**
   * A statement outside any transaction. Never a named prepared statement: each process
   * numbers its own, and all of them share the owner's one backend.
   */
  query(sql: string, parameters: (string | null)[]): Promise<QueryResult> {
    return this.run(sql, parameters);
  }

  script(sql: string): Promise<void> {
    return this.runScript(sql);
  }
}

/** pg's URL for an owner's address: `unix:<folder>/.s.PGSQL.5432` or `tcp:<host>:<port>`. */
export function clientUrl(address: string): string {
  if (address.startsWith('unix:')) {
    const folder = address.slice('unix:'.length).replace(/\/\.s\.PGSQL\.5432$/, '');
    return `postgresql://hyper@localhost/hyper?host=${encodeURIComponent(folder)}`;
  }
  return `postgresql://hyper@${address.slice('tcp:'.length)}/hyper`;
}
