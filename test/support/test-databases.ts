// Databases for test suites: each suite gets its own, on both backends.
//
//   describe.each(BACKENDS)('%s', (kind) => {
//     let db: TestDatabase;
//     beforeAll(async () => { db = await createTestDatabase(kind); /* configure({ DATABASES: { default: db.url } }) */ });
//     afterAll(async () => { await connections.reset(); await db.drop(); });
//   });
//
// 'postgres' creates a uniquely named database on the server at TEST_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and drops it, forcing off
// any connection still open; 'pglite' is an in-memory embedded database (start one
// per test file: it takes seconds).
import { Client } from 'pg';
import type { BackendKind } from '../../src/db/config';

export type { BackendKind };

export const BACKENDS: BackendKind[] = ['postgres', 'pglite'];

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: BackendKind;
  /** The DATABASES value: a URL string. */
  url: string;
  drop(): Promise<void>;
}

let count = 0;

export async function createTestDatabase(kind: BackendKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { kind, url: 'pglite:memory:', drop: async () => undefined };
  const name = `hyper_test_${process.pid}_${Date.now().toString(36)}_${++count}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The test PostgreSQL server at ${TEST_POSTGRES_URL} is not reachable (${(error as Error).message}); start it with \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\` or set TEST_POSTGRES_URL.`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
