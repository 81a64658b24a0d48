// Several `hyper migrate --noinput` processes started together on a new, empty
// PostgreSQL database, as deploy hosts do: every one exits 0, each migration is
// applied and recorded once, and those that waited say another process did the work.
//
// Stress mode: HYPER_STRESS=1 raises the repetitions from 3 to 20 (docs/testing.md).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { cleanEnv, createProject, HYPER_BIN, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createTestDatabase } from '../support/test-databases';

const REPETITIONS = process.env.HYPER_STRESS === '1' ? 20 : 3;
const PROCESSES = 5;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function migrate(cwd: string, url: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HYPER_BIN, 'migrate', '--noinput'], { cwd, env: cleanEnv({ DATABASE_URL: url }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let workspace: string;
let project: string;
let expected: string[];

beforeAll(async () => {
  workspace = makeTempDir('hyper-migrate-concurrent-');
  project = createProject(workspace, ['shop']);
  writeFiles(project, {
    'shop/models.ts': `import { CharField, ForeignKey, IntegerField, model } from 'hyperdjango/db';
export class Shelf extends model({ name: CharField({ maxLength: 50 }) }) {}
export class Book extends model({ title: CharField({ maxLength: 100 }), shelf: ForeignKey(() => Shelf, { onDelete: 'CASCADE' }) }) {}
`,
  });
  expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
  writeFiles(project, { 'shop/models.ts': fs.readFileSync(path.join(project, 'shop/models.ts'), 'utf8').replace("title: CharField({ maxLength: 100 }),", "title: CharField({ maxLength: 100 }), pages: IntegerField({ null: true }),") });
  expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
  // Every migration the project has: its own and the framework apps'.
  const empty = await createTestDatabase('postgres');
  const plan = runHyper(['migrate', '--plan'], { cwd: project, env: { DATABASE_URL: empty.url } });
  await empty.drop();
  expect(plan).toMatchObject({ code: 0, stderr: '' });
  expected = plan.stdout.split('\n').filter((line) => /^\S+\.\d{4}_/.test(line)).sort();
  expect(expected).toEqual(expect.arrayContaining(['shop.0001_initial', 'shop.0002_book_pages', 'auth.0001_initial']));
});
afterAll(() => removeDir(workspace));

describe(`${PROCESSES} migrate processes at once on a new PostgreSQL database`, () => {
  it.each(Array.from({ length: REPETITIONS }, (_, index) => index + 1))('all exit 0 and apply each migration once (round %i)', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const runs = await Promise.all(Array.from({ length: PROCESSES }, () => migrate(project, db.url)));
      for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      // Each migration applied by exactly one process...
      const applied = runs.flatMap((run) => [...run.stdout.matchAll(/Applying (\S+)\.\.\. OK/g)].map((match) => match[1])).sort();
      expect(applied).toEqual(expected);
      // ... and the others say that another process did it.
      for (const run of runs) {
        if (!run.stdout.includes('Applying')) expect(run.stdout).toMatch(/No migrations to apply(: another process applied them while this one waited)?\.\n/);
      }
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const rows = await client.query<{ key: string; n: string }>(`SELECT app || '.' || name AS key, count(*) AS n FROM hyper_migrations GROUP BY 1 ORDER BY 1`);
        expect(rows.rows.map((row) => row.key).sort()).toEqual(expected);
        expect(rows.rows.every((row) => row.n === '1')).toBe(true);
        const books = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'shop_book' ORDER BY 1`);
        expect(books.rows.map((row) => row.column_name)).toEqual(['id', 'pages', 'shelf_id', 'title']);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });
});
