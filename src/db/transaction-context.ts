// The open transactions of the current async context, one per alias. atomic() puts
// its transaction here with AsyncLocalStorage, so every query for that alias made
// inside its function (after awaits, in Promise.all branches, in timers it starts)
// runs on the transaction's own connection, and nothing else does.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryResult } from './connection';

/** One database connection held for a transaction (a pg client; the PGlite turn). */
export interface Session {
  query(sql: string, parameters: readonly (string | null)[], name?: string): Promise<QueryResult>;
  /** Gives the connection back; `broken` discards it (a pg client in an unknown state). */
  release(broken?: boolean): void;
}

/** One atomic() level: the outermost transaction or a savepoint inside it. */
export interface AtomicBlock {
  readonly parent: AtomicBlock | null;
  readonly savepoint: string | null;
  /** markForRollback(): leave this block by rolling back instead of committing. */
  rollbackOnly: boolean;
  /** Rolled back: onCommit callbacks registered in it (or below it) never run. */
  rolledBack: boolean;
  /**
   * A test's own transaction (TestCase, inTransaction()): it stands in for no
   * transaction at all, so a durable atomic() may open directly inside it (as Django's).
   */
  testCase?: boolean;
}

export interface OnCommitCallback {
  fn: () => unknown;
  robust: boolean;
  block: AtomicBlock;
}

export interface Transaction {
  readonly alias: string;
  readonly session: Session;
  readonly callbacks: OnCommitCallback[];
  savepoints: number;
  /** An error escaped a savepoint-less inner block: only a rollback can end this transaction. */
  needsRollback: boolean;
  /** Committed or rolled back: work that outlived its atomic() block must not reuse the session. */
  ended: boolean;
}

export interface ActiveAtomic {
  readonly transaction: Transaction;
  readonly block: AtomicBlock;
}

export const transactionContext = new AsyncLocalStorage<ReadonlyMap<string, ActiveAtomic>>();

export function activeAtomic(alias: string): ActiveAtomic | undefined {
  return transactionContext.getStore()?.get(alias);
}

/** Whether the block, or one it is nested in, rolled back: its onCommit() callbacks are void. */
export function discarded(block: AtomicBlock): boolean {
  for (let current: AtomicBlock | null = block; current; current = current.parent) {
    if (current.rolledBack) return true;
  }
  return false;
}

/** Runs `fn` with `active` as the alias's innermost atomic block. */
export function runInAtomic<T>(alias: string, active: ActiveAtomic, fn: () => Promise<T>): Promise<T> {
  const store = new Map(transactionContext.getStore() ?? []);
  store.set(alias, active);
  return transactionContext.run(store, fn);
}
