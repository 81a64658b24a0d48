// Named prepared statements are parsed once per connection and kept by the server
// (and by pg, in connection.parsedStatements) for the connection's life. A project
// whose queries come in many shapes (IN lists of every length, filters built from
// user input) would grow both without bound on a long-running server, so each
// connection keeps its most recently used STATEMENTS_PER_CONNECTION names and the
// least recently used beyond that are deallocated.
//
// Order makes eviction safe: a connection runs what it is sent in order, so a
// DEALLOCATE sent now follows every statement already sent that uses the name, and
// a later use of the name, finding it gone from parsedStatements, sends its Parse
// after the DEALLOCATE. The name evicted is the least recently used of the last
// STATEMENTS_PER_CONNECTION uses, and fewer statements than that wait on one
// connection (postgres-pipeline.ts caps a lane at 64), so none still waits to be sent.
import type { PoolClient } from 'pg';

export const STATEMENTS_PER_CONNECTION = 256;

interface PgConnectionState {
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements?: Record<string, string | undefined>;
}

interface Used {
  /** Least recently used first (a Map keeps insertion order). */
  readonly names: Map<string, true>;
  last: string | undefined;
}

const used = new WeakMap<PoolClient, Used>();

/** Records a use of the named statement on the connection, most recent last. */
export function touchStatement(client: PoolClient, name: string): void {
  let state = used.get(client);
  if (!state) used.set(client, (state = { names: new Map(), last: undefined }));
  // The same statement again (a hot view's query): it is the most recent already.
  if (state.last === name) return;
  state.last = name;
  state.names.delete(name);
  state.names.set(name, true);
}

/**
 * Deallocates the least recently used statements beyond `limit` on the connection.
 * Call it where the connection is outside a transaction (a statement of an aborted
 * transaction would fail, DEALLOCATE included).
 */
export function trimStatements(client: PoolClient, limit = STATEMENTS_PER_CONNECTION): void {
  const names = used.get(client)?.names;
  if (!names || names.size <= limit) return;
  const state = (client as unknown as { connection?: PgConnectionState }).connection;
  for (const name of names.keys()) {
    if (names.size <= limit) break;
    names.delete(name);
    if (!state || state.parsedStatements[name] === undefined) continue; // never parsed (its Parse failed): nothing to free
    delete state.parsedStatements[name];
    // Nothing waits for it; a failure (the connection lost) shows on the statements after it.
    client.query(`DEALLOCATE "${name.replace(/"/g, '""')}"`).catch(() => undefined);
  }
}

/** The statement names the connection holds, least recently used first (for tests). */
export function statementNames(client: PoolClient): string[] {
  return [...(used.get(client)?.names.keys() ?? [])];
}
