// The database side of a test: a test's work rolled back at its end (TestCase,
// inTransaction), or the tables emptied after it (TransactionTestCase,
// useTestDatabase), and onCommit() callbacks made visible.
import { connections, DEFAULT_DB_ALIAS } from '../db/connection-handler';
import { atomic, markForRollback } from '../db/transaction';
import { TransactionManagementError, translateError } from '../db/errors';
import { activeAtomic, discarded, transactionContext, type ActiveAtomic, type AtomicBlock } from '../db/transaction-context';
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
      activeAtomic(alias)!.block.testCase = true;
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
  /**
   * Runs one test inside the held transactions, undone at its end: its own atomic()
   * blocks are savepoints in them, its onCommit() callbacks are dropped.
   */
  run<T>(fn: () => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

/**
 * Set once after setUpTestData and rolled back to after each test: ROLLBACK TO keeps
 * the savepoint, so a test costs one statement of isolation, not three (SAVEPOINT,
 * ROLLBACK TO, RELEASE).
 */
const TEST_SAVEPOINT = 'hyper_test';

export function holdTransactions(aliases: readonly string[], setUp: () => Promise<void>): Promise<HeldTransactions> {
  return new Promise((resolve, reject) => {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    let held = false;
    const finished = rollingBack(aliases, async () => {
      await setUp();
      const store = transactionContext.getStore() ?? new Map<string, ActiveAtomic>();
      for (const alias of aliases) await store.get(alias)!.transaction.session.query(`SAVEPOINT ${TEST_SAVEPOINT}`, []);
      held = true;
      resolve({
        run: (fn) => runRolledBackToSavepoint(store, aliases, fn),
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

async function runRolledBackToSavepoint<T>(held: ReadonlyMap<string, ActiveAtomic>, aliases: readonly string[], fn: () => Promise<T>): Promise<T> {
  const store = new Map(held);
  const marks = aliases.map((alias) => {
    const { transaction, block: parent } = held.get(alias)!;
    const block: AtomicBlock = { parent, savepoint: TEST_SAVEPOINT, rollbackOnly: false, rolledBack: false, testCase: true };
    store.set(alias, { transaction, block });
    return { alias, transaction, block, callbacks: transaction.callbacks.length };
  });
  let failed = false;
  try {
    return await transactionContext.run(store, fn);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    for (const { alias, transaction, block, callbacks } of marks) {
      block.rolledBack = true;
      transaction.callbacks.length = callbacks;
      // ROLLBACK TO also ends an error state the test left (a failed statement outside a savepoint).
      transaction.needsRollback = false;
      try {
        await transaction.session.query(`ROLLBACK TO SAVEPOINT ${TEST_SAVEPOINT}`, []);
      } catch (error) {
        transaction.needsRollback = true;
        // The test's own error says more; without one, this test fails for the next ones.
        // eslint-disable-next-line no-unsafe-finally -- only when the test itself did not fail: its own error stays the one reported
        if (!failed) throw translateError(error, connections.internal(alias).config);
      }
    }
  }
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
 * never commits. Those of a savepoint that rolled back are left out, as a commit would
 * leave them. `execute: true` runs them once `fn` is done, and then those they
 * register in turn. A capture inside another is seen by both.
 */
export async function captureOnCommitCallbacks(fn: () => unknown, options: { using?: string; execute?: boolean } = {}): Promise<Array<() => unknown>> {
  const alias = options.using ?? DEFAULT_DB_ALIAS;
  const active = activeAtomic(alias);
  if (!active) throw new TransactionManagementError(`captureOnCommitCallbacks() needs a test transaction for '${alias}': use it in a TestCase or inside inTransaction().`, { code: 'HYPER_TEST_CAPTURE_NEEDS_TRANSACTION' });
  const registered = active.transaction.callbacks;
  let seen = registered.length;
  await fn();
  const captured: Array<() => unknown> = [];
  while (seen < registered.length) {
    const batch = registered.slice(seen).filter((callback) => !discarded(callback.block));
    seen = registered.length;
    captured.push(...batch.map((callback) => callback.fn));
    if (!options.execute) break;
    for (const callback of batch) await callback.fn();
  }
  return captured;
}
