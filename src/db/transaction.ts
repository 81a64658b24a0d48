// atomic() and onCommit(), after Django. The outermost atomic() for an alias is
// BEGIN ... COMMIT on a connection of its own; inner ones are savepoints. The
// transaction follows the async context (transaction-context.ts).
import type { BaseConnection } from './connection';
import { connections, DEFAULT_DB_ALIAS } from './connection-handler';
import { TransactionManagementError, translateError } from './errors';
import {
  activeAtomic,
  discarded,
  runInAtomic,
  type AtomicBlock,
  type OnCommitCallback,
  type Transaction,
} from './transaction-context';

export interface AtomicOptions {
  /** The database alias (default 'default'). */
  using?: string;
  /** Refuse to run nested in another atomic(): the block's COMMIT must be final. */
  durable?: boolean;
  /** Inner blocks only: false runs without a savepoint, so an error dooms the whole transaction. */
  savepoint?: boolean;
}

let savepointCount = 0;

/**
 * Runs `fn` in a transaction: committed when it returns, rolled back when it throws
 * (and the error rethrown). Nested calls are savepoints, rolled back on their own.
 */
export async function atomic<T>(fn: () => Promise<T>, options: AtomicOptions = {}): Promise<T> {
  const alias = options.using ?? DEFAULT_DB_ALIAS;
  const active = activeAtomic(alias);
  if (active) {
    if (options.durable && !active.block.testCase) {
      throw new TransactionManagementError(`A durable atomic() block cannot be nested in another atomic() block for '${alias}'.`);
    }
    return nested(alias, active.transaction, active.block, fn, options.savepoint !== false);
  }
  return outermost(alias, connections.internal(alias), fn);
}

async function outermost<T>(alias: string, connection: BaseConnection, fn: () => Promise<T>): Promise<T> {
  const config = connection.config;
  let session;
  try {
    session = await connection.openSession();
    await session.query('BEGIN', []);
  } catch (error) {
    session?.release(true);
    throw translateError(error, config);
  }
  const transaction: Transaction = { alias, session, callbacks: [], savepoints: 0, needsRollback: false, ended: false };
  const block: AtomicBlock = { parent: null, savepoint: null, rollbackOnly: false, rolledBack: false };

  let result: T;
  try {
    result = await runInAtomic(alias, { transaction, block }, fn);
  } catch (error) {
    await rollback(transaction);
    throw error;
  }
  if (block.rollbackOnly || transaction.needsRollback) {
    await rollback(transaction);
    return result;
  }
  transaction.ended = true;
  try {
    await session.query('COMMIT', []);
  } catch (error) {
    // A COMMIT that fails (a deferred constraint) has rolled back; the session is still good.
    await rollback(transaction);
    throw translateError(error, config);
  }
  session.release();
  await runCallbacks(transaction.callbacks);
  return result;
}

/** Ends a transaction that is not committing: rolls back, discards callbacks, frees the session. */
async function rollback(transaction: Transaction): Promise<void> {
  transaction.ended = true;
  transaction.callbacks.length = 0;
  try {
    await transaction.session.query('ROLLBACK', []);
    transaction.session.release();
  } catch {
    // The connection is gone or confused; the original error is what matters.
    transaction.session.release(true);
  }
}

async function nested<T>(
  alias: string,
  transaction: Transaction,
  parent: AtomicBlock,
  fn: () => Promise<T>,
  useSavepoint: boolean,
): Promise<T> {
  if (transaction.ended) {
    throw new TransactionManagementError(
      `This code started inside an atomic() block for '${alias}' that has ended; await its work inside the block.`,
    );
  }
  if (!useSavepoint) {
    try {
      return await fn();
    } catch (error) {
      // Without a savepoint there is no partial undo: the outer transaction must roll back.
      transaction.needsRollback = true;
      throw error;
    }
  }
  if (transaction.needsRollback) {
    throw new TransactionManagementError(
      'An error occurred in the current transaction; no query can run until the end of its outermost atomic() block.',
    );
  }
  const name = `hyper_sp_${++savepointCount}`;
  const block: AtomicBlock = { parent, savepoint: name, rollbackOnly: false, rolledBack: false };
  const config = connections.internal(alias).config;
  try {
    await transaction.session.query(`SAVEPOINT ${name}`, []);
  } catch (error) {
    throw translateError(error, config);
  }
  transaction.savepoints++;

  let result: T;
  try {
    result = await runInAtomic(alias, { transaction, block }, fn);
  } catch (error) {
    await rollbackTo(transaction, block);
    throw error;
  }
  if (block.rollbackOnly) {
    await rollbackTo(transaction, block);
    return result;
  }
  try {
    await transaction.session.query(`RELEASE SAVEPOINT ${name}`, []);
  } catch (error) {
    transaction.needsRollback = true;
    throw translateError(error, config);
  }
  return result;
}

async function rollbackTo(transaction: Transaction, block: AtomicBlock): Promise<void> {
  block.rolledBack = true;
  try {
    await transaction.session.query(`ROLLBACK TO SAVEPOINT ${block.savepoint}`, []);
    await transaction.session.query(`RELEASE SAVEPOINT ${block.savepoint}`, []);
  } catch {
    // Could not undo the savepoint: the transaction as a whole can only roll back.
    transaction.needsRollback = true;
  }
}

async function runCallbacks(callbacks: OnCommitCallback[]): Promise<void> {
  for (const callback of callbacks) {
    if (discarded(callback.block)) continue;
    await runCallback(callback.fn, callback.robust);
  }
}

async function runCallback(fn: () => unknown, robust: boolean): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!robust) throw error;
    console.error(`Error in a robust onCommit() callback: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  }
}

export interface OnCommitOptions {
  using?: string;
  /** Log an error from `fn` instead of throwing it (and keep running the other callbacks). */
  robust?: boolean;
}

/**
 * Runs `fn` after the outermost atomic() block for the alias commits, in the order
 * registered; never if it rolls back, or if the savepoint it was registered in does.
 * Outside atomic(), `fn` runs now.
 */
export function onCommit(fn: () => unknown, options: OnCommitOptions = {}): void {
  const alias = options.using ?? DEFAULT_DB_ALIAS;
  const robust = options.robust ?? false;
  const active = activeAtomic(alias);
  if (active) {
    active.transaction.callbacks.push({ fn, robust, block: active.block });
    return;
  }
  try {
    const outcome = fn();
    if (robust && outcome instanceof Promise) outcome.catch((error) => runCallback(() => Promise.reject(error), true));
  } catch (error) {
    if (!robust) throw error;
    void runCallback(() => {
      throw error;
    }, true);
  }
}

export function inAtomicBlock(alias: string = DEFAULT_DB_ALIAS): boolean {
  return activeAtomic(alias) !== undefined;
}

/** Makes the innermost atomic() block for the alias roll back instead of committing when it ends. */
export function markForRollback(alias: string = DEFAULT_DB_ALIAS): void {
  const active = activeAtomic(alias);
  if (!active) throw new TransactionManagementError(`markForRollback() needs an atomic() block for '${alias}'.`);
  active.block.rollbackOnly = true;
}
