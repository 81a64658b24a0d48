// Statements outside transactions share the pool's connections on a server
// (postgres-pipeline.ts): several may be on the wire of one connection at once. Each
// must still run and commit alone, a statement stuck on a lock must not hold up the
// ones after it, transactions must still get a connection, and an idle pool must not
// keep a script alive.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db/connection-handler';
import { IntegrityError } from '../../src/db/errors';
import { atomic } from '../../src/db/transaction';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let db: TestDatabase;

/** The default database, with a pool of `size` connections. */
async function connect(size: number) {
  const url = new URL(db.url);
  url.searchParams.set('pool', String(size));
  configure({ DATABASES: { default: url.toString() } });
  await connections.reset();
  const connection = connections.get();
  return { connection, sql: (text: string, ...parameters: unknown[]) => connection.execute({ sql: text, parameters }) };
}

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  const { sql } = await connect(1);
  await sql('CREATE TABLE item (id int PRIMARY KEY, name text UNIQUE)');
});
afterAll(async () => {
  await connections.reset();
  resetSettings();
  await db.drop();
});

test('statements sent together on one connection each run and commit alone', async () => {
  const { sql } = await connect(1);
  await sql('DELETE FROM item');
  const settled = await Promise.allSettled([
    sql('INSERT INTO item VALUES (1, $1)', 'a'),
    sql('INSERT INTO item VALUES (2, $1)', 'a'),
    sql('SELECT 1 / $1::int AS x', 0),
    sql('INSERT INTO item VALUES (3, $1)', 'c'),
    sql('SELECT count(*)::int AS n FROM item'),
  ]);
  expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
  expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(IntegrityError);
  // Sent in order on the one connection: the count sees the two rows before it.
  expect((settled[4] as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ n: 2 }]);
  expect((await sql('SELECT id FROM item ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 3 }]);
});

test('many statements at once come back each with its own rows', async () => {
  const { sql } = await connect(3);
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => sql('SELECT $1::int AS i, pg_backend_pid() AS pid', i)));
  expect(results.map((result) => result.rows[0].i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  expect(new Set(results.map((result) => result.rows[0].pid)).size).toBeLessThanOrEqual(3);
});

test('a statement waiting on a lock does not hold up the statements sent after it', async () => {
  const { connection, sql } = await connect(3);
  await sql('DELETE FROM item');
  await sql("INSERT INTO item VALUES (1, 'locked')");
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = atomic(
    async () => {
      await connection.execute({ sql: 'SELECT id FROM item WHERE id = 1 FOR UPDATE', parameters: [] });
      locked();
      await held;
    },
    { using: 'default' },
  );
  await isLocked;
  let blockedDone = false;
  const blocked = sql("UPDATE item SET name = 'changed' WHERE id = 1").then(() => (blockedDone = true));
  await new Promise((resolve) => setTimeout(resolve, 200));
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the statements waited behind the one stuck on the lock')), 5000)));
  try {
    const quick = await Promise.race([Promise.all(Array.from({ length: 10 }, (_, i) => sql('SELECT $1::int AS i', i))), tooLate]);
    expect(quick.map((result) => result.rows[0].i)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(blockedDone).toBe(false);
  } finally {
    clearTimeout(timer);
    release();
  }
  await holder;
  await blocked;
  expect((await sql('SELECT name FROM item WHERE id = 1')).rows).toEqual([{ name: 'changed' }]);
});

test('a transaction gets a connection while statements keep every connection busy', async () => {
  const { connection, sql } = await connect(1);
  const before = Array.from({ length: 50 }, (_, i) => sql('SELECT $1::int AS i', i));
  const inTransaction = atomic(async () => (await connection.execute({ sql: 'SELECT txid_current() AS tx', parameters: [] })).rows[0].tx, { using: 'default' });
  const after = Array.from({ length: 50 }, (_, i) => sql('SELECT $1::int AS i', i + 50));
  const results = await Promise.all([...before, ...after]);
  expect(results.map((result) => result.rows[0].i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  expect(await inTransaction).toBeDefined();
});

test('a script that leaves its connections open still exits once its statements are answered', async () => {
  const dbLayer = path.join(__dirname, '..', '..', 'dist', 'src', 'db');
  const script = `
    const { ConnectionHandler } = require(${JSON.stringify(dbLayer)});
    const connection = new ConnectionHandler({ default: process.argv[1] }, process.cwd()).get();
    Promise.all([1, 2, 3].map((i) => connection.execute({ sql: 'SELECT $1::int AS i', parameters: [i] })))
      .then((results) => console.log(results.map((r) => r.rows[0].i).join(',')));
  `;
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, db.url], { timeout: 20_000 });
  expect(stdout.trim()).toBe('1,2,3');
  // Not held open by the connection it left (the pool's idle timeout is 30 s).
  expect(Date.now() - started).toBeLessThan(15_000);
});

test('a connection passing back and forth between statements and transactions gathers no listeners', async () => {
  const { connection, sql } = await connect(1);
  for (let i = 0; i < 15; i++) {
    await sql('SELECT 1');
    await atomic(() => connection.execute({ sql: 'SELECT 2', parameters: [] }), { using: 'default' });
  }
  await sql('SELECT 3');
  // The pool's one connection, checked out: only what its current holder added listens.
  const client = await (connection as unknown as { pool: Pool }).pool.connect();
  try {
    expect(client.listenerCount('error')).toBeLessThanOrEqual(1);
  } finally {
    client.release();
  }
});
