// `hyper createcachetable` through the real bin/hyper.js (dist/) in a new project, on a
// PostgreSQL database of its own: the table of each database cache in CACHES (given as
// HYPER_CACHES), --dry-run printing the SQL, a second run changing nothing.
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { makeTempDir, removeDir } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
let project: string;
let db: TestDatabase;
let env: Record<string, string>;

const CACHES = {
  default: { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'site_cache' },
  fragments: { BACKEND: 'django.core.cache.backends.db.DatabaseCache', LOCATION: 'fragment_cache' },
  local: { BACKEND: 'hyperdjango.cache.LocMemCache' },
};

beforeAll(async () => {
  workspace = makeTempDir('hyper-cache-cli-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  db = await createTestDatabase('postgres');
  env = { DATABASE_URL: db.url, HYPER_CACHES: JSON.stringify(CACHES) };
}, 60000);

afterAll(async () => {
  await db?.drop();
  removeDir(workspace);
});

async function tables(): Promise<Array<{ relname: string; relpersistence: string }>> {
  const client = new PgClient({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query("SELECT relname, relpersistence FROM pg_class WHERE relkind = 'r' AND relname LIKE '%cache' ORDER BY relname")).rows;
  } finally {
    await client.end();
  }
}

it('--dry-run prints the SQL and creates nothing', async () => {
  const run = runHyper(['createcachetable', '--dry-run', 'site_cache'], { cwd: project, env });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain('CREATE UNLOGGED TABLE IF NOT EXISTS "site_cache"');
  expect(run.stdout).not.toContain('fragment_cache');
  expect(await tables()).toEqual([]);
});

it('creates an UNLOGGED table for each database cache, and a second run is harmless', async () => {
  const run = runHyper(['createcachetable'], { cwd: project, env });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain("Cache table site_cache is ready (cache 'default', database 'default').");
  expect(run.stdout).toContain('Cache table fragment_cache is ready');
  expect(await tables()).toEqual([
    { relname: 'fragment_cache', relpersistence: 'u' },
    { relname: 'site_cache', relpersistence: 'u' },
  ]);
  expect(runHyper(['createcachetable'], { cwd: project, env })).toMatchObject({ code: 0, stderr: '' });
});

it('says when no database cache uses the database', () => {
  const run = runHyper(['createcachetable', '--database', 'other'], { cwd: project, env });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain("No database cache in CACHES uses database 'other'");
});
