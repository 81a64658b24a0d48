// `hyper test` on a scaffolded project, through the real bin/hyper.js: exit codes, the
// summary line, the source line of a failure, isolation between tests, the test
// databases (created, dropped, kept, replaced, one per --parallel process), labels.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { cleanEnv, createProject, HYPER_BIN, runHyper } from '../support/run-hyper';
import { makeSuiteTempDir } from '../support/temp-project';
import { TEST_POSTGRES_URL } from '../support/test-databases';

const BASE = `hyper_tr_${process.pid}`;
const TEST_DB = `test_${BASE}`;
const serverUrl = (name: string) => Object.assign(new URL(TEST_POSTGRES_URL), { pathname: `/${name}` }).toString();

function hyperTest(project: string, args: string[], env: Record<string, string> = { DATABASE_URL: serverUrl(BASE) }) {
  // PGlite takes seconds to start on a loaded machine: more time than runHyper's default.
  const result = spawnSync(process.execPath, [HYPER_BIN, 'test', ...args], { cwd: project, env: cleanEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function onServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return onServer(async (client) => ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0);
}

const MODELS = `import { model, CharField } from 'hyperdjango/db';
export class Post extends model({ title: CharField({ maxLength: 200 }) }) {}
`;

const PASSING = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connections } from 'hyperdjango/db';
import { SimpleTestCase, TestCase, TransactionTestCase, inTransaction } from 'hyperdjango/test';
import { Post } from '../models';

export class PostTests extends TestCase {
  static async setUpTestData() {
    await Post.objects.create({ title: 'seed' });
  }
  async testCreate() {
    await Post.objects.create({ title: 'made in a test' });
    assert.equal(await Post.objects.count(), 2);
  }
  async testIsolated() {
    assert.deepEqual((await Post.objects.all()).map((post) => post.title), ['seed']);
  }
}

export class CommitTests extends TransactionTestCase {
  async testCommits() {
    await Post.objects.create({ title: 'committed' });
    assert.equal(await Post.objects.count(), 1);
  }
  async testTablesEmptied() {
    assert.equal(await Post.objects.count(), 0);
  }
}

export class NoDatabaseTests extends SimpleTestCase {
  async testRefused() {
    await assert.rejects(Post.objects.count(), /not allowed here: \\w*NoDatabaseTests is a SimpleTestCase/);
  }
}

test('function style rolls back', inTransaction(async () => {
  await Post.objects.create({ title: 'f' });
  const { rows } = await connections.get().execute<{ name: string }>({ sql: 'SELECT current_database() AS name', parameters: [] });
  console.log(\`DATABASE=\${rows[0].name}\`);
  assert.equal(await Post.objects.count(), 1);
}));
`;

const FAILING = `import assert from 'node:assert/strict';
import { settings } from 'hyperdjango/conf';
import { TestCase, assertNumQueries, overrideSettings } from 'hyperdjango/test';
import { Post } from '../models';

export class FailingTests extends TestCase {
  async testWrongTitle() {
    const post = await Post.objects.create({ title: 'real' });
    assert.equal(post.title, 'expected');
  }
  async testTooManyQueries() {
    await assertNumQueries(1, async () => {
      await Post.objects.filter({ title: 'first' }).count();
      await Post.objects.filter({ title: 'second' }).count();
    });
  }
  async testThrowsInsideOverride() {
    await overrideSettings({ TIME_ZONE: 'Asia/Tokyo' }, async () => {
      assert.equal(settings.TIME_ZONE, 'Asia/Tokyo');
      throw new Error('thrown inside overrideSettings');
    });
  }
  async testSettingsRestored() {
    assert.notEqual(settings.TIME_ZONE, 'Asia/Tokyo');
  }
}
`;

// useTestDatabase() at the top of a file, and in a describe(): node:test's hooks.
const FUNCTION_STYLE = `import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestDatabase } from 'hyperdjango/test';
import { Post } from '../models';

useTestDatabase();

test('a test commits', async () => {
  await Post.objects.create({ title: 'committed' });
  assert.equal(await Post.objects.count(), 1);
});

test('the next finds the tables emptied', async () => {
  assert.equal(await Post.objects.count(), 0);
});

describe('in a describe', () => {
  useTestDatabase();
  test('commits again', async () => {
    await Post.objects.create({ title: 'again' });
    assert.equal((await Post.objects.get({ title: 'again' })).id, 1);
  });
  test('emptied again, the sequence restarted', async () => {
    assert.equal(await Post.objects.count(), 0);
  });
});
`;

let project: string;

beforeAll(() => {
  project = createProject(makeSuiteTempDir('hyper-e2e-test-'), ['blog']);
  fs.writeFileSync(path.join(project, 'blog', 'models.ts'), MODELS);
  const made = runHyper(['makemigrations'], { cwd: project });
  if (made.code !== 0) throw new Error(made.stderr);
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'passing.test.ts'), PASSING);
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'failing.test.ts'), FAILING);
});

afterAll(async () => {
  await onServer(async (client) => {
    for (const name of [TEST_DB, `${TEST_DB}_2`]) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

describe('on a PostgreSQL server', () => {
  test('passing tests exit 0 with the summary line, isolated from each other, and the test database is dropped', async () => {
    const run = hyperTest(project, ['blog/tests/passing.test.ts', 'blog.IndexViewTests']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Creating test database for alias 'default' (${TEST_DB})...`);
    expect(run.stdout).toContain(`DATABASE=${TEST_DB}`);
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^7 passed, 0 failed \(\d+\.\d\d s\)$/);
    expect(await databaseExists(TEST_DB)).toBe(false);
  });

  test('failures exit 1 with their .ts source line, the SQL of assertNumQueries, and settings restored after a throwing override', () => {
    const run = hyperTest(project, ['blog.FailingTests', '--noinput']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('FAIL: blog/tests/failing.test.ts > FailingTests > testWrongTitle');
    expect(run.stdout).toContain("  at blog/tests/failing.test.ts:9:12\n  9 |     assert.equal(post.title, 'expected');");
    expect(run.stdout).toMatch(/\+ 'real'\n\s+- 'expected'/);
    expect(run.stdout).toContain("2 queries executed on 'default', 1 expected.");
    expect(run.stdout).toMatch(/1\. SELECT .*"title" = \$1/);
    expect(run.stdout).toContain('thrown inside overrideSettings');
    expect(run.stdout).not.toContain('testSettingsRestored');
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^1 passed, 3 failed \(/);
  });

  test('--failfast stops at the first failure', () => {
    const run = hyperTest(project, ['blog.FailingTests', '--failfast', '--noinput']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL: blog/tests/failing.test.ts > FailingTests > testWrongTitle');
    expect(run.stdout).not.toContain("2 queries executed on 'default'");
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^0 passed, 1 failed/);
  });

  test('--watch runs again when a test file changes, only that file, until Ctrl-C', async () => {
    const file = path.join(project, 'blog', 'tests', 'watched.test.ts');
    const body = (expected: number) => `import assert from 'node:assert/strict';\nimport { test } from 'node:test';\ntest('adds', () => assert.equal(1 + 1, ${expected}));\n`;
    fs.writeFileSync(file, body(2));
    const child = spawn(process.execPath, [HYPER_BIN, 'test', 'blog/tests/watched.test.ts', '--watch', '--noinput'], { cwd: project, env: cleanEnv({ DATABASE_URL: serverUrl(BASE) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const until = async (what: RegExp) => {
      for (let i = 0; i < 600 && !what.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(what);
    };
    try {
      await until(/Watching for file changes/);
      expect(out).toMatch(/1 passed, 0 failed/);
      fs.writeFileSync(file, body(3));
      await until(/0 passed, 1 failed/);
      expect(out).toContain('blog/tests/watched.test.ts changed; running its tests.');
    } finally {
      child.kill('SIGINT');
      expect(await exited).not.toBeNull();
      fs.rmSync(file);
    }
    expect(await databaseExists(TEST_DB)).toBe(false);
  });

  test('a method label runs that test only; -k filters by name', () => {
    const one = hyperTest(project, ['blog.PostTests.testIsolated', '-v', '2']);
    expect(one.stdout).toContain('PostTests > testIsolated ... ok');
    expect(one.stdout).not.toContain('testCreate');
    const filtered = hyperTest(project, ['blog.FailingTests', '-k', 'Restored']);
    expect(filtered.code).toBe(0);
    expect(filtered.stdout.trim().split('\n').pop()).toMatch(/^1 passed, 0 failed/);
    const unknown = hyperTest(project, ['blgo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("The test label 'blgo' names no installed project app. Did you mean 'blog'?");
  });

  test('--keepdb keeps the test database; a leftover one needs --noinput to be replaced', async () => {
    expect(hyperTest(project, ['blog.PostTests', '--keepdb']).code).toBe(0);
    expect(await databaseExists(TEST_DB)).toBe(true);
    const kept = hyperTest(project, ['blog.PostTests', '--keepdb']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(`Using existing test database for alias 'default' (${TEST_DB})...`);
    const asked = hyperTest(project, ['blog.PostTests']);
    expect(asked.code).toBe(3);
    expect(asked.stderr).toContain(`The test database '${TEST_DB}' already exists (left by an earlier run?); run with --noinput to replace it, or --keepdb to reuse it.`);
    const replaced = hyperTest(project, ['blog.PostTests', '--noinput']);
    expect(replaced.code).toBe(0);
    expect(await databaseExists(TEST_DB)).toBe(false);
  });

  test('static fixtures load before each test of the class and are rolled back with it', () => {
    const fixtures = path.join(project, 'blog', 'fixtures');
    const file = path.join(project, 'blog', 'tests', 'with-fixtures.test.ts');
    fs.mkdirSync(fixtures, { recursive: true });
    fs.writeFileSync(path.join(fixtures, 'posts.json'), JSON.stringify([{ model: 'blog.post', pk: 10, fields: { title: 'from the fixture' } }]));
    fs.writeFileSync(file, `import assert from 'node:assert/strict';
import { TestCase } from 'hyperdjango/test';
import { Post } from '../models';

export class FixtureTests extends TestCase {
  static fixtures = ['posts'];
  async testLoaded() {
    await Post.objects.create({ title: 'made here' });
    assert.deepEqual((await Post.objects.orderBy('title')).map((post) => post.title), ['from the fixture', 'made here']);
  }
  async testStillThereAlone() {
    assert.deepEqual((await Post.objects.all()).map((post) => [post.pk, post.title]), [[10, 'from the fixture']]);
  }
}
`);
    try {
      const run = hyperTest(project, ['blog.FixtureTests', '--noinput']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^2 passed, 0 failed/);
    } finally {
      fs.rmSync(fixtures, { recursive: true });
      fs.rmSync(file);
    }
  });

  test('function style: useTestDatabase() empties the tables after each test, also in a describe', () => {
    const file = path.join(project, 'blog', 'tests', 'function-style.test.ts');
    fs.writeFileSync(file, FUNCTION_STYLE);
    try {
      const run = hyperTest(project, ['blog/tests/function-style.test.ts', '--noinput']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^4 passed, 0 failed/);
    } finally {
      fs.rmSync(file);
    }
  });

  test('--parallel 2 runs the files in two processes, each on a database of its own', async () => {
    fs.writeFileSync(path.join(project, 'blog', 'tests', 'second.test.ts'), PASSING.replace(/^export class (\w+)/gm, 'export class Second$1'));
    try {
      const run = hyperTest(project, ['blog/tests/passing.test.ts', 'blog/tests/second.test.ts', '--parallel', '2']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`DATABASE=${TEST_DB}\n`);
      expect(run.stdout).toContain(`DATABASE=${TEST_DB}_2\n`);
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^12 passed, 0 failed/);
      expect(await databaseExists(`${TEST_DB}_2`)).toBe(false);
    } finally {
      fs.rmSync(path.join(project, 'blog', 'tests', 'second.test.ts'));
    }
  });
});

describe('on the embedded database', () => {
  test('the scaffold example passes, and tests are isolated on an in-memory PGlite started from files made once', () => {
    const run = hyperTest(project, ['blog/tests/passing.test.ts', 'blog/tests/views.test.ts'], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Preparing the files of an empty embedded database (once per PGlite version)...');
    expect(run.stdout).toContain('DATABASE=postgres');
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^8 passed, 0 failed/);
    expect(fs.existsSync(path.join(project, '.hyper', 'db'))).toBe(false);
    // The empty database's files, and the migrated ones the single process kept for the next run.
    expect(fs.readdirSync(path.join(project, '.hyper', 'test')).sort()).toEqual([expect.stringMatching(/^migrated-default-[0-9a-f]{16}\.tar\.gz$/), expect.stringMatching(/^pglite-[\w.-]+\.tar\.gz$/)]);
  });

  const keptFiles = () => fs.readdirSync(path.join(project, '.hyper', 'test')).filter((name) => name.startsWith('migrated-'));

  test('--parallel 2: both processes start from the migrated files kept by the last run, and nothing is made again', () => {
    fs.writeFileSync(path.join(project, 'blog', 'tests', 'second.test.ts'), PASSING.replace(/^export class (\w+)/gm, 'export class Second$1'));
    const [kept] = keptFiles();
    const written = fs.statSync(path.join(project, '.hyper', 'test', kept)).mtimeMs;
    try {
      const run = hyperTest(project, ['blog/tests/passing.test.ts', 'blog/tests/second.test.ts', '--parallel', '2'], {});
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('Preparing the files');
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^12 passed, 0 failed/);
      expect(keptFiles()).toEqual([kept]);
      expect(fs.statSync(path.join(project, '.hyper', 'test', kept)).mtimeMs).toBe(written);
    } finally {
      fs.rmSync(path.join(project, 'blog', 'tests', 'second.test.ts'));
    }
  });

  test('a run ends when its tests do: the process closes its database after the last test', () => {
    // PGlite keeps a 10 s timer armed after a database started from files is first
    // queried; a worker that does not close it stays alive that long after its tests.
    const marks = path.join(project, 'marks.json');
    const timing = path.join(project, 'blog', 'tests', 'timing.test.ts');
    fs.writeFileSync(
      timing,
      `import * as fs from 'node:fs';\nimport { TestCase } from 'hyperdjango/test';\nimport { Post } from '../models';\nconst marks: Record<string, number> = {};\nprocess.on('exit', () => { marks.exit = Date.now(); fs.writeFileSync(${JSON.stringify(marks)}, JSON.stringify(marks)); });\nexport class TimingTests extends TestCase {\n  async testQuery() {\n    await Post.objects.count();\n    marks.lastTest = Date.now();\n  }\n}\n`,
    );
    try {
      const run = hyperTest(project, ['blog/tests/timing.test.ts'], {});
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^1 passed, 0 failed/);
      const { lastTest, exit } = JSON.parse(fs.readFileSync(marks, 'utf8')) as { lastTest: number; exit: number };
      expect(exit - lastTest).toBeLessThan(5000);
    } finally {
      fs.rmSync(timing);
      fs.rmSync(marks, { force: true });
    }
  });

  test('a new migration makes the kept files again, and its tables are there', () => {
    const [before] = keptFiles();
    fs.writeFileSync(path.join(project, 'blog', 'models.ts'), `${MODELS}export class Note extends model({ body: CharField({ maxLength: 20 }) }) {}\n`);
    expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
    const noteTest = path.join(project, 'blog', 'tests', 'note.test.ts');
    fs.writeFileSync(noteTest, `import assert from 'node:assert/strict';\nimport { TestCase } from 'hyperdjango/test';\nimport { Note } from '../models';\nexport class NoteTests extends TestCase {\n  async testNote() {\n    await Note.objects.create({ body: 'x' });\n    assert.equal(await Note.objects.count(), 1);\n  }\n}\n`);
    try {
      const run = hyperTest(project, ['blog/tests/note.test.ts'], {});
      expect(run.stderr).toBe('');
      expect(run.stdout.trim().split('\n').pop()).toMatch(/^1 passed, 0 failed/);
      const after = keptFiles();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before);
    } finally {
      fs.rmSync(noteTest);
    }
  });
});
