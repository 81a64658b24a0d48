// `hyper shell`: automatic imports, -c snippets (TypeScript, top-level await) and the
// REPL fed through standard input, on the embedded database and on a server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-shell-');
  project = createProject(workspace, ['blog']);
  fs.writeFileSync(
    path.join(project, 'blog', 'models.ts'),
    `import { model, CharField, IntegerField } from 'hyperdjango/db';
export class Post extends model({ title: CharField({ maxLength: 100 }), views: IntegerField({ default: 0 }) }) {}
`,
  );
  expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
});
afterAll(() => removeDir(workspace));

describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  let db: TestDatabase | null = null;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    if (kind === 'postgres') {
      db = await createTestDatabase('postgres');
      env = { DATABASE_URL: db.url };
    }
    const migrate = runHyper(['migrate'], { cwd: project, env });
    expect(migrate.code).toBe(0);
  });
  afterAll(() => db?.drop());

  test('-c runs TypeScript with top-level await against the models, already imported', () => {
    const code = `const post: Post = await Post.objects.create({ title: 'hello' });
await Post.objects.filter({ id: post.id }).update({ views: F('views').add(2) });
const stats = await Post.objects.aggregate({ total: Count('id'), most: Max('views') });
console.log(JSON.stringify(stats), settings.DEBUG, typeof atomic);`;
    const run = runHyper(['shell', '-c', code], { cwd: project, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('{"total":1,"most":2} true function');
  });

  test('the REPL reads statements from standard input and prints their values', () => {
    const input = "await Post.objects.count()\nconst titles = await Post.objects.valuesList('title', { flat: true })\ntitles\n";
    const run = runHyper(['shell'], { cwd: project, env, input });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ objects imported automatically \(use -v 2 for details\)\./);
    expect(run.stdout).toContain("[ 'hello' ]");
    expect(run.stdout).toMatch(/hyper> 1\n/);
  });
});

test('-v 2 lists what is imported and from where', () => {
  const run = runHyper(['shell', '-v', '2'], { cwd: project, input: '' });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('from hyperdjango/conf: settings');
  expect(run.stdout).toMatch(/from hyperdjango\/db: Q, F, .*Count.*atomic/);
  expect(run.stdout).toContain('from blog models: Post');
});

test('--no-imports imports nothing', () => {
  const run = runHyper(['shell', '--no-imports', '-c', 'console.log(typeof Post, typeof Q)'], { cwd: project });
  expect(run.code).toBe(0);
  expect(run.stdout.trim()).toBe('undefined undefined');
});

test('a failing snippet exits 1 with one line; a syntax error names its place', () => {
  const failing = runHyper(['shell', '-c', "await Post.objects.get({ title: 'nope' })"], { cwd: project });
  expect(failing.code).toBe(1);
  expect(failing.stderr.trim().split('\n')).toHaveLength(1);
  expect(failing.stderr).toMatch(/DoesNotExist|matching query does not exist/);
  const syntax = runHyper(['shell', '-c', 'const = 1'], { cwd: project });
  expect(syntax.code).toBe(1);
  expect(syntax.stderr).toMatch(/shell -c: .*\(line 1, column \d+\)/);
});
