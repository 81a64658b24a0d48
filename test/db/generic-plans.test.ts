// Bulk writes on a server run where generic plans are allowed (the session forces
// custom ones); the setting never leaks into the caller's transaction.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db/connection-handler';
import { atomicWithGenericPlans } from '../../src/db/generic-plans';
import { atomic } from '../../src/db/transaction';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let db: TestDatabase;
const sql = (text: string) => connections.get().execute<{ plan_cache_mode: string }>({ sql: text, parameters: [] });
const mode = async () => (await sql('SHOW plan_cache_mode')).rows[0].plan_cache_mode;
const ids = async () => (await connections.get().execute<{ id: number }>({ sql: 'SELECT id FROM thing ORDER BY id', parameters: [] })).rows.map((row) => row.id);

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  configure({ DATABASES: { default: db.url } });
  await connections.reset();
  await sql('CREATE TABLE thing (id int PRIMARY KEY)');
});
afterAll(async () => {
  await connections.reset();
  resetSettings();
  await db.drop();
});

test('sessions force custom plans; the block allows generic ones and commits its work', async () => {
  expect(await mode()).toBe('force_custom_plan');
  const seen = await atomicWithGenericPlans('default', async () => {
    await sql('INSERT INTO thing VALUES (1)');
    return mode();
  });
  expect(seen).toBe('auto');
  expect(await mode()).toBe('force_custom_plan');
  expect(await ids()).toEqual([1]);
});

test('nested in a transaction, the setting is put back when the block ends, or undone with its savepoint', async () => {
  await atomic(async () => {
    await atomicWithGenericPlans('default', async () => undefined);
    expect(await mode()).toBe('force_custom_plan');
    await expect(
      atomicWithGenericPlans('default', async () => {
        await sql('INSERT INTO thing VALUES (2)');
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await mode()).toBe('force_custom_plan');
    await sql('INSERT INTO thing VALUES (3)');
  });
  expect(await ids()).toEqual([1, 3]);
});
