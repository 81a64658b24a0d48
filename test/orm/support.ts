// Setup shared by the ORM suites: a fresh database per suite (server or PGlite), the
// test models' tables, truncation between tests, and a query counter.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections, createTables, optionsOf, type ModelClass } from '../../src/orm';
import { createTestDatabase, type BackendKind, type TestDatabase } from '../support/test-databases';
import { ALL_MODELS } from './models';

export function useDatabase(kind: BackendKind, settings: Record<string, unknown> = {}): void {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'test', ...settings });
    await createTables(ALL_MODELS);
  });
  beforeEach(async () => {
    const tables = ALL_MODELS.flatMap((model) => [model, ...optionsOf(model).manyToManyFields.map((field) => field.through!)]).map((model) => `"${optionsOf(model as ModelClass).dbTable}"`);
    await connections.get().execute({ sql: `TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`, parameters: [] });
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
  });
}

/** Runs fn and returns how many statements it sent to the default database. */
export async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  const connection = connections.get();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with apply(connection), then put back
  const original = connection.execute;
  let count = 0;
  (connection as { execute: typeof original }).execute = function (this: unknown, ...args: Parameters<typeof original>) {
    count += 1;
    return original.apply(connection, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    (connection as { execute: typeof original }).execute = original;
  }
  return count;
}
