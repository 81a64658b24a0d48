// The lock that makes concurrent `migrate` runs take turns. It is a session-level
// PostgreSQL advisory lock, taken before anything reads or creates the recorder table:
// `CREATE TABLE IF NOT EXISTS` is not safe against a concurrent creator, and a plan
// read before another run finished would be stale. It is held on a connection of its
// own, outside the pool, so a pool of one still has its connection for the work.
import { AsyncLocalStorage } from 'node:async_hooks';
import { settings } from '../../conf/settings';
import { ConnectionHandler, connections, translateError } from '../../db';

/** The advisory lock every migrate takes: any fixed 64-bit number, the same for all. */
export const MIGRATE_LOCK = 7207411842510913;

/** The aliases whose lock the current async context holds. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

export function holdsMigrateLock(alias: string): boolean {
  return held.getStore()?.has(alias) ?? false;
}

/**
 * Runs `fn` holding the migrate lock of database `alias`; `waited` tells it that
 * another process held the lock first (and so may have done the work). Re-entrant
 * within one async context. The embedded database runs one statement at a time for
 * one process, which a lock on it would not change: there `fn` just runs.
 */
export async function withMigrateLock<T>(alias: string, fn: (waited: boolean) => Promise<T>): Promise<T> {
  if (holdsMigrateLock(alias)) return fn(false);
  const inner = () => held.run(new Set([...(held.getStore() ?? []), alias]), () => fn(waited));
  let waited = false;
  if (connections.config(alias).kind !== 'postgres') return inner();
  const side = new ConnectionHandler({ [alias]: settings.DATABASES[alias] }, settings.BASE_DIR).internal(alias);
  try {
    const session = await side.openSession().catch((error: unknown) => {
      throw translateError(error, side.config);
    });
    try {
      const tried = await side.executeOn(session, { sql: 'SELECT pg_try_advisory_lock($1) AS ok', parameters: [MIGRATE_LOCK] });
      if (!tried.rows[0]?.ok) {
        waited = true;
        await side.executeOn(session, { sql: 'SELECT pg_advisory_lock($1)', parameters: [MIGRATE_LOCK] });
      }
      try {
        return await inner();
      } finally {
        await side.executeOn(session, { sql: 'SELECT pg_advisory_unlock($1)', parameters: [MIGRATE_LOCK] }).catch(() => undefined);
      }
    } finally {
      session.release();
    }
  } finally {
    await side.close();
  }
}
