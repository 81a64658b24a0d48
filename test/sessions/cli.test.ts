// The sessions app in a real project through bin/hyper.js (dist/): its shipped
// migration matches the model (makemigrations --check), migrate creates the table,
// clearsessions deletes expired rows only, and a missing app is named in the error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { makeTempDir, removeDir } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
let project: string;
let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  workspace = makeTempDir('hyper-sessions-cli-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  db = await createTestDatabase('postgres');
  env = { DATABASE_URL: db.url };
}, 60000);

afterAll(async () => {
  await db?.drop();
  removeDir(workspace);
});

async function sql(query: string, values: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new PgClient({ connectionString: db.url });
  await client.connect();
  try {
    return await client.query(query, values);
  } finally {
    await client.end();
  }
}

it('ships a migration that matches the model and creates the table', async () => {
  // --check exits 1 when the models have changes no migration records.
  expect(runHyper(['makemigrations', '--check'], { cwd: project, env })).toMatchObject({ code: 0, stderr: '' });
  const migrate = runHyper(['migrate'], { cwd: project, env });
  expect(migrate.stderr).toBe('');
  expect(migrate.stdout).toMatch(/sessions\.0001_initial/);
  const columns = await sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'sessions_session' ORDER BY column_name");
  expect(columns.rows.map((row) => row.column_name)).toEqual(['expire_date', 'session_data', 'session_key']);
});

it('clearsessions deletes expired sessions only and says how many', async () => {
  await sql("INSERT INTO sessions_session VALUES ('expired1', 'x', now() - interval '1 day'), ('expired2', 'x', now() - interval '1 hour'), ('live', 'x', now() + interval '1 day')");
  const run = runHyper(['clearsessions'], { cwd: project, env });
  expect(run).toMatchObject({ code: 0, stdout: 'Deleted 2 expired sessions.\n' });
  expect((await sql('SELECT session_key FROM sessions_session')).rows).toEqual([{ session_key: 'live' }]);
  expect(runHyper(['help'], { cwd: project, env }).stdout).toMatch(/\[sessions\]\n\s+clearsessions/);
});

it('the sessions middleware without the app names the app to install', () => {
  const settings = path.join(project, 'settings.ts');
  const text = fs.readFileSync(settings, 'utf8');
  fs.writeFileSync(settings, text.replace("'hyperdjango.sessions', ", ''));
  try {
    const run = runHyper(['serve', '127.0.0.1:0', '--allow-debug'], { cwd: project, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("'hyperdjango.sessions.middleware' comes with the app 'hyperdjango.sessions': add 'hyperdjango.sessions' to INSTALLED_APPS.");
  } finally {
    fs.writeFileSync(settings, text);
  }
});
