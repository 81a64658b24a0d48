// jest on a scaffolded project with `preset: 'hyperdjango'`, as a user runs it: the test
// case classes a test file exports run as jest tests (setUpTestData, fixtures, each
// test rolled back, the assertions), runTestCase() registers more, useTestDatabase()
// empties the tables after each test, the test databases are made before the run
// (one per jest worker) and dropped after it; on PostgreSQL and on PGlite.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { cleanEnv, createProject, runHyper } from '../support/run-hyper';
import { makeSuiteTempDir, REPO_ROOT } from '../support/temp-project';
import { TEST_POSTGRES_URL } from '../support/test-databases';

const JEST = path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const BASE = `hyper_jest_${process.pid}`;
const serverUrl = Object.assign(new URL(TEST_POSTGRES_URL), { pathname: `/${BASE}` }).toString();

const MODELS = `import { model, CharField, ForeignKey } from 'hyperdjango/db';
export class Author extends model({ name: CharField({ maxLength: 100 }) }) {}
export class Post extends model({ title: CharField({ maxLength: 200 }), author: ForeignKey(() => Author, { onDelete: 'CASCADE' }) }) {}
`;

const CLASSES = `import assert from 'node:assert/strict';
import { connections, onCommit } from 'hyperdjango/db';
import { TestCase, assertNumQueries, captureOnCommitCallbacks } from 'hyperdjango/test';
import { runTestCase } from 'hyperdjango/test/jest';
import { Author, Post } from '../models';

export class PostTests extends TestCase {
  static fixtures = ['authors'];
  static ann: Author;
  static async setUpTestData() {
    PostTests.ann = await Author.objects.get({ name: 'Ann' });
    await Post.objects.create({ title: 'seed', authorId: PostTests.ann.pk });
  }
  async testCreate() {
    await Post.objects.create({ title: 'made here', authorId: PostTests.ann.pk });
    expect(await Post.objects.count()).toBe(2);
  }
  async testIsolated() {
    assert.deepEqual((await Post.objects.all()).map((post) => post.title), ['seed']);
    const { rows } = await connections.get().execute<{ name: string }>({ sql: 'SELECT current_database() AS name', parameters: [] });
    console.log(\`DATABASE=\${rows[0].name}\`);
  }
  async testAssertions() {
    await assertNumQueries(1, () => Post.objects.count());
    const ran: string[] = [];
    await captureOnCommitCallbacks(() => onCommit(() => ran.push('ran')), { execute: true });
    expect(ran).toEqual(['ran']);
  }
}

// Registered twice (exported, and here): declared once.
runTestCase(PostTests);

class NotExported extends TestCase {
  async testRegisteredByHand() {
    expect(await Author.objects.count()).toBe(0);
  }
}
runTestCase(NotExported);
`;

const FUNCTIONS = `import { connections } from 'hyperdjango/db';
import { useTestDatabase } from 'hyperdjango/test';
import { Author } from '../models';

describe('committed writes', () => {
  useTestDatabase();
  test('a test commits', async () => {
    await Author.objects.create({ name: 'committed' });
    expect(await Author.objects.count()).toBe(1);
  });
  test('the next finds the tables emptied', async () => {
    expect(await Author.objects.count()).toBe(0);
    const { rows } = await connections.get().execute<{ name: string }>({ sql: 'SELECT current_database() AS name', parameters: [] });
    console.log(\`DATABASE=\${rows[0].name}\`);
  });
});
`;

const FAILING = `import { TestCase } from 'hyperdjango/test';
import { Author } from '../models';

export class FailingTests extends TestCase {
  async testWrongCount() {
    await Author.objects.create({ name: 'one' });
    expect(await Author.objects.count()).toBe(2);
  }
}
`;

interface JestRun {
  code: number | null;
  output: string;
  results: { numPassedTests: number; numFailedTests: number; testResults: Array<{ name: string; status: string; message: string }> };
}

function jest(project: string, args: string[], env: Record<string, string>): JestRun {
  const result = spawnSync(process.execPath, [JEST, '--json', '--outputFile=results.json', ...args], { cwd: project, env: cleanEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300000 });
  const file = path.join(project, 'results.json');
  const results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { numPassedTests: 0, numFailedTests: 0, testResults: [] };
  fs.rmSync(file, { force: true });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, results };
}

async function testDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`test_${BASE}%`])).rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

let project: string;

beforeAll(() => {
  project = createProject(makeSuiteTempDir('hyper-e2e-jest-'), ['blog']);
  fs.writeFileSync(path.join(project, 'blog', 'models.ts'), MODELS);
  const made = runHyper(['makemigrations'], { cwd: project });
  if (made.code !== 0) throw new Error(made.stderr);
  fs.writeFileSync(path.join(project, 'jest.config.js'), "module.exports = { preset: 'hyperdjango' };\n");
  fs.mkdirSync(path.join(project, 'blog', 'fixtures'));
  fs.writeFileSync(path.join(project, 'blog', 'fixtures', 'authors.json'), JSON.stringify([{ model: 'blog.author', pk: 1, fields: { name: 'Ann' } }]));
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'classes.test.ts'), CLASSES);
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'functions.test.ts'), FUNCTIONS);
});

test('on PostgreSQL: every file passes, each jest worker on a test database of its own, all dropped after', async () => {
  const run = jest(project, ['--maxWorkers=2'], { DATABASE_URL: serverUrl });
  expect(run.output).not.toMatch(/FAIL/);
  expect(run.code).toBe(0);
  // The scaffold's own example (views.test.ts: two classes) runs unchanged, too.
  expect(run.results.numPassedTests).toBe(2 + 4 + 2);
  const databases = new Set([...run.output.matchAll(/DATABASE=(\w+)/g)].map((match) => match[1]));
  expect([...databases].every((name) => name === `test_${BASE}` || name === `test_${BASE}_2`)).toBe(true);
  expect(await testDatabases()).toEqual([]);
});

test('a failing test fails the run, pointing at its .ts line', () => {
  const file = path.join(project, 'blog', 'tests', 'failing.test.ts');
  fs.writeFileSync(file, FAILING);
  try {
    const run = jest(project, ['blog/tests/failing.test.ts'], { DATABASE_URL: serverUrl });
    expect(run.code).toBe(1);
    expect(run.results.numFailedTests).toBe(1);
    expect(run.output).toContain('FailingTests › testWrongCount');
    expect(run.output).toMatch(/failing\.test\.ts:7:\d+/);
  } finally {
    fs.rmSync(file);
  }
});

test('on the embedded database: the same files pass on an in-memory PGlite per test file', () => {
  const run = jest(project, ['--runInBand'], {});
  expect(run.output).not.toMatch(/FAIL/);
  expect(run.code).toBe(0);
  expect(run.results.numPassedTests).toBe(2 + 4 + 2);
  expect(fs.existsSync(path.join(project, '.hyper', 'db'))).toBe(false);
});
