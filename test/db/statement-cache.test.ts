// Named prepared statements stay bounded per connection: a long-running server whose
// queries come in many shapes keeps the most recently used STATEMENTS_PER_CONNECTION
// on each connection, and a statement evicted and used again is prepared again.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db/connection-handler';
import { atomic } from '../../src/db/transaction';
import { STATEMENTS_PER_CONNECTION } from '../../src/db/statement-cache';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let db: TestDatabase;

/** The default database with one connection, so every statement shares it. */
async function connect() {
  const url = new URL(db.url);
  url.searchParams.set('pool', '1');
  configure({ DATABASES: { default: url.toString() } });
  await connections.reset();
  const connection = connections.get();
  const named = (i: number) => connection.execute<{ n: number }>({ sql: `SELECT $1::int + ${i} AS n`, parameters: [1] }, { name: `shape_${i}` });
  const prepared = async () => (await connection.execute<{ n: number }>({ sql: 'SELECT count(*)::int AS n FROM pg_prepared_statements', parameters: [] })).rows[0].n;
  return { named, prepared };
}

beforeAll(async () => {
  db = await createTestDatabase('postgres');
});
afterAll(async () => {
  await connections.reset();
  resetSettings();
  await db.drop();
});

test('a connection keeps at most STATEMENTS_PER_CONNECTION named statements, and an evicted one runs again', async () => {
  const { named, prepared } = await connect();
  const shapes = STATEMENTS_PER_CONNECTION + 40;
  // Sent together, as a busy server's statements are: pipelined on the one connection.
  const first = await Promise.all(Array.from({ length: shapes }, (_, i) => named(i)));
  expect(first.map((result) => result.rows[0].n)).toEqual(Array.from({ length: shapes }, (_, i) => i + 1));
  expect(await prepared()).toBe(STATEMENTS_PER_CONNECTION);
  // shape_0 was the least recently used: deallocated, then prepared again on its next use.
  expect((await named(0)).rows[0].n).toBe(1);
  expect((await named(shapes - 1)).rows[0].n).toBe(shapes);
  expect(await prepared()).toBe(STATEMENTS_PER_CONNECTION);
});

test('statements prepared inside transactions are trimmed when the connection is next taken', async () => {
  const { named, prepared } = await connect();
  const shapes = STATEMENTS_PER_CONNECTION + 10;
  await atomic(async () => {
    for (let i = 0; i < shapes; i++) await named(i);
    // Not evicted inside the transaction (a failed statement would make DEALLOCATE fail too).
    expect(await prepared()).toBe(shapes);
  });
  await atomic(async () => {
    expect(await prepared()).toBe(STATEMENTS_PER_CONNECTION);
    expect((await named(0)).rows[0].n).toBe(1);
  });
  // A failed transaction leaves the connection usable, and its statements bounded.
  await expect(
    atomic(async () => {
      for (let i = shapes; i < shapes + 20; i++) await named(i);
      await named(-1).then(() => Promise.reject(new Error('rolled back')));
    }),
  ).rejects.toThrow('rolled back');
  expect((await named(shapes + 5)).rows[0].n).toBe(shapes + 6);
  expect(await prepared()).toBe(STATEMENTS_PER_CONNECTION);
});
