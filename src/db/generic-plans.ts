// Sessions on a server run with plan_cache_mode=force_custom_plan (see
// postgres-connection.ts), which also makes PostgreSQL re-plan the query of every
// foreign-key check a write fires: a 10,000-row INSERT into a table with a foreign key
// spent half its time there. Bulk writes run in a transaction that allows generic
// plans again, for its statements and for the deferred checks at COMMIT.
import { connections } from './connection-handler';
import { atomic, inAtomicBlock } from './transaction';

const ALLOW = { sql: 'SET LOCAL plan_cache_mode = auto', parameters: [] };
const RESTORE = { sql: 'SET LOCAL plan_cache_mode = force_custom_plan', parameters: [] };

/** Runs `fn` in atomic() on `alias`; on a server, with generic plans allowed until it ends. */
export async function atomicWithGenericPlans<T>(alias: string, fn: () => Promise<T>): Promise<T> {
  const connection = connections.get(alias);
  if (connection.config.kind !== 'postgres') return atomic(fn, { using: alias });
  // Inside an outer transaction a SET LOCAL lasts until that one ends: put it back.
  const nested = inAtomicBlock(alias);
  return atomic(
    async () => {
      await connection.execute(ALLOW);
      const result = await fn();
      // (When fn throws, rolling back its savepoint undoes the SET LOCAL too.)
      if (nested) await connection.execute(RESTORE);
      return result;
    },
    { using: alias },
  );
}
