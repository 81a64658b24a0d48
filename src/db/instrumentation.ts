// What the test tools need to see of the database layer: every statement run (for
// captureQueries / assertNumQueries) and a refusal of any access (SimpleTestCase).
// Both follow the async context, so one test's capture or refusal never leaks into
// work another test started.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseAccessRefused } from './errors';

export interface ExecutedQuery {
  alias: string;
  sql: string;
  parameters: readonly unknown[];
}

type Observer = (query: ExecutedQuery) => void;

const observers = new AsyncLocalStorage<readonly Observer[]>();
const refusal = new AsyncLocalStorage<string>();

/** Runs `fn` with `observer` called for each statement it (and what it awaits) runs. */
export function observeQueries<T>(observer: Observer, fn: () => T): T {
  return observers.run([...(observers.getStore() ?? []), observer], fn);
}

/** Runs `fn` with every database access refused; `reason` says who refuses and how to allow it. */
export function refuseDatabaseAccess<T>(reason: string, fn: () => T): T {
  return refusal.run(reason, fn);
}

/** Runs `fn` with access allowed again (a refusal set further out does not apply). */
export function allowDatabaseAccess<T>(fn: () => T): T {
  return refusal.exit(fn);
}

/** Called by the connection before each statement. */
export function beforeQuery(alias: string, sql: string, parameters: readonly unknown[]): void {
  const reason = refusal.getStore();
  if (reason !== undefined) throw new DatabaseAccessRefused(`Database queries to '${alias}' are not allowed here: ${reason}`);
  const current = observers.getStore();
  if (current) for (const observer of current) observer({ alias, sql, parameters });
}
