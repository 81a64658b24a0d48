// useTestDatabase(): the function-style TransactionTestCase for node:test or jest files:
// after each test of the file (or describe block) the tables are emptied.
import { DEFAULT_DB_ALIAS } from '../db/connection-handler';
import { flushTables, type DatabaseOptions } from './test-database';

export function useTestDatabase(options: DatabaseOptions = {}): void {
  const aliases = options.databases ?? [DEFAULT_DB_ALIAS];
  const flush = async () => {
    for (const alias of aliases) await flushTables(alias);
  };
  // jest declares afterEach as a global; under node:test it comes from the module.
  const globalAfterEach = (globalThis as { afterEach?: (fn: () => Promise<void>) => void }).afterEach;
  if (typeof globalAfterEach === 'function') globalAfterEach(flush);
  else (require('node:test') as typeof import('node:test')).afterEach(flush);
}
