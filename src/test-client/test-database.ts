// The database side of a test: a test's work rolled back at its end (TestCase,
// inTransaction), or the tables emptied after it (TransactionTestCase,
// useTestDatabase), and onCommit() callbacks made visible.
import { connections, DEFAULT_DB_ALIAS } from '../db/connection-handler';
import { TransactionManagementError } from '../db/errors';
import { atomic, markForRollback } from '../db/transaction';
import { activeAtomic, transactionContext, type ActiveAtomic } from '../db/transaction-context';
import { flushStatements } from '../orm/schema/data-sql';

export interface DatabaseOptions {
  /** The aliases the test uses (default ['default']). */
  databases?: readonly string[];
}

/** Runs `fn` in a transaction per alias, rolled back when it ends, whether it passes or throws. */
export async function rollingBack<T>(aliases: readonly string[], fn: () => Promise<T>): Promise<T> {
  if (!aliases.length) return fn();
  const [alias, ...rest] = aliases;
  return atomic(
    async () => {
      const result = await rollingBack(rest, fn);
      markForRollback(alias);
      return result;
    },
    { using: alias },
  );
}

/**
 * `test('creates a post', inTransaction(async () => { ... }))`: the test's writes are
 * rolled back at its end, so the next test sees the database as it was.
 */
export function inTransaction<A extends unknown[], T>(fn: (...args: A) => Promise<T> | T, options: DatabaseOptions = {}): (...args: A) => Promise<T> {
  const aliases = options.databases ?? [DEFAULT_DB_ALIAS];
  return (...args: A) => rollingBack(aliases, async () => fn(...args));
}

/** A transaction per alias held open across several tests (setUpTestData's data), rolled back by release(). */
export interface HeldTransactions {
  /** Runs `fn` inside the held transactions: its own atomic() blocks are savepoints in them. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

export function holdTransactions(aliases: readonly string[], setUp: () => Promise<void>): Promise<HeldTransactions> {
  return new Promise((resolve, reject) => {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    let held = false;
    const finished = rollingBack(aliases, async () => {
      await setUp();
      const store = transactionContext.getStore() ?? new Map<string, ActiveAtomic>();
      held = true;
      resolve({
        run: (fn) => transactionContext.run(store, fn),
        release: async () => {
          release();
          await finished;
        },
      });
      await released;
    });
    finished.catch((error) => {
      if (!held) reject(error);
    });
  });
}

/** Empties every table of the alias's database but the migration records (TransactionTestCase). */
export async function flushTables(alias: string = DEFAULT_DB_ALIAS): Promise<void> {
  const connection = connections.get(alias);
  const { rows } = await connection.execute<{ name: string }>({
    sql: "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'hyper_migrations'",
    parameters: [],
  });
  for (const statement of flushStatements(rows.map((row) => row.name))) await connection.executeScript(statement);
}

/**
 * Runs `fn` and returns the onCommit() callbacks it registered (Django's
 * captureOnCommitCallbacks): inside a test's transaction they would never run, as it
 * never commits. `execute: true` runs them once `fn` is done.
 */
export async function captureOnCommitCallbacks(fn: () => unknown, options: { using?: string; execute?: boolean } = {}): Promise<Array<() => unknown>> {
  const alias = options.using ?? DEFAULT_DB_ALIAS;
  const active = activeAtomic(alias);
  if (!active) throw new TransactionManagementError(`captureOnCommitCallbacks() needs a test transaction for '${alias}': use it in a TestCase or inside inTransaction().`, { code: 'HYPER_TEST_CAPTURE_NEEDS_TRANSACTION' });
  const callbacks = active.transaction.callbacks;
  const start = callbacks.length;
  await fn();
  const captured = callbacks.splice(start).map((callback) => callback.fn);
  if (options.execute) for (const callback of captured) await callback();
  return captured;
}
