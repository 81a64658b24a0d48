// A database for a forms suite: its own PostgreSQL database (or PGlite), the library's
// tables, emptied before each test.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections, createTables, optionsOf, type ModelClass } from '../../src/orm';
import { createTestDatabase, type BackendKind, type TestDatabase } from '../support/test-databases';
import { LIBRARY_MODELS } from './models';

export function useLibraryDatabase(kind: BackendKind = 'postgres', settings: Record<string, unknown> = {}): void {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'test', ...settings });
    await createTables(LIBRARY_MODELS);
  });
  beforeEach(async () => {
    const tables = LIBRARY_MODELS.flatMap((model) => [model, ...optionsOf(model).manyToManyFields.map((field) => field.through!)]).map((model) => `"${optionsOf(model as ModelClass).dbTable}"`);
    await connections.get().execute({ sql: `TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`, parameters: [] });
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
  });
}
