// makemigrations and migrate beside a squashed migration whose originals are kept: a
// new migration is numbered above every file (replaced ones too), and `migrate APP
// PREFIX` refuses a prefix that more than one file matches. Also --check's message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProject, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
let project: string;
let db: TestDatabase;
const hyper = (...args: string[]) => runHyper(args, { cwd: project, env: { DATABASE_URL: db.url } });
const migrationsOf = () => fs.readdirSync(path.join(project, 'blog', 'migrations')).filter((name) => /^\d{4}_.*\.ts$/.test(name)).sort();

const MODELS = `import { CharField, IntegerField, model } from 'hyperdjango/db';
export class Post extends model({ title: CharField({ maxLength: 200 }) }) {}
`;

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  workspace = makeTempDir('hyper-e2e-squashed-');
  project = createProject(workspace, ['blog']);
  writeFiles(project, { 'blog/models.ts': MODELS });
  expect(hyper('makemigrations').code).toBe(0);
  writeFiles(project, { 'blog/models.ts': MODELS.replace("title: CharField({ maxLength: 200 })", "title: CharField({ maxLength: 200 }), views: IntegerField({ null: true })") });
  expect(hyper('makemigrations').code).toBe(0);
  expect(migrationsOf()).toEqual(['0001_initial.ts', '0002_post_views.ts']);
});
afterAll(async () => {
  removeDir(workspace);
  await db.drop();
});

describe('makemigrations --check', () => {
  it('says that nothing changed, as without --check', () => {
    expect(hyper('makemigrations', '--check')).toMatchObject({ code: 0, stdout: 'No changes detected\n', stderr: '' });
    expect(hyper('makemigrations', '--check', 'blog')).toMatchObject({ code: 0, stdout: "No changes detected in app 'blog'\n", stderr: '' });
    expect(hyper('makemigrations', '--check', '-v', '0')).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('after squashmigrations, with the originals kept', () => {
  it('numbers a new migration above every existing one', () => {
    expect(hyper('squashmigrations', 'blog', '0002').code).toBe(0);
    const seed = hyper('makemigrations', '--empty', 'blog', '--name', 'seed');
    expect(seed).toMatchObject({ code: 0, stdout: "Migrations for 'blog':\n  blog/migrations/0003_seed.ts\n" });
    expect(fs.readFileSync(path.join(project, 'blog/migrations/0003_seed.ts'), 'utf8')).toContain("dependencies: [['blog', '0001_squashed_0002_post_views']],");
    expect(migrationsOf()).toEqual(['0001_initial.ts', '0001_squashed_0002_post_views.ts', '0002_post_views.ts', '0003_seed.ts']);
    expect(hyper('makemigrations', 'blog')).toMatchObject({ code: 0, stdout: "No changes detected in app 'blog'\n" });
  });

  it('refuses a migrate target prefix that several files match', () => {
    // As an earlier version named it: beside the replaced 0002_post_views.
    const folder = path.join(project, 'blog', 'migrations');
    fs.renameSync(path.join(folder, '0003_seed.ts'), path.join(folder, '0002_seed.ts'));
    const ambiguous = hyper('migrate', 'blog', '0002');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toBe("MigrationError: More than one migration matches '0002' in app 'blog' (0002_post_views, 0002_seed). Please be more specific.\n");
    expect(hyper('showmigrations', 'blog').stdout).not.toContain('[X]');
    const exact = hyper('migrate', 'blog', '0002_seed');
    expect(exact.code).toBe(0);
    expect(exact.stdout).toContain('Applying blog.0001_squashed_0002_post_views... OK');
    expect(exact.stdout).toContain('Applying blog.0002_seed... OK');
    const replaced = hyper('migrate', 'blog', '0002_post');
    expect(replaced).toMatchObject({ code: 1, stderr: 'MigrationError: Migration blog.0002_post_views is replaced by the squashed migration blog.0001_squashed_0002_post_views: give that one instead.\n' });
  });
});
