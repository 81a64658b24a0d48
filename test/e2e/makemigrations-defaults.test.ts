// Defaults that are functions, through makemigrations and migrate: an inline factory of
// literals is written as its source, a function the project exports is imported by the
// migration, and neither asks a question or changes on the next run; a new NOT NULL
// column gets the function's value in existing rows. A one-off default question
// suggests a value of the field's type.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { createProject, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
let project: string;
let db: TestDatabase;
const hyper = (...args: string[]) => runHyper(args, { cwd: project, env: { DATABASE_URL: db.url } });
const read = (name: string) => fs.readFileSync(path.join(project, 'blog', 'migrations', name), 'utf8');

const MODELS = `import { CharField, JSONField, model } from 'hyperdjango/db';

export function defaultLabels(): string[] {
  return ['new'];
}

export class Post extends model({
  title: CharField({ maxLength: 200 }),
  meta: JSONField({ default: () => ({}) }),
}) {}
`;

const WITH_TAGS = MODELS.replace("  meta: JSONField({ default: () => ({}) }),", "  meta: JSONField({ default: () => ({}) }),\n  tags: JSONField({ default: () => [] }),\n  labels: JSONField({ default: defaultLabels }),");

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  workspace = makeTempDir('hyper-e2e-defaults-');
  project = createProject(workspace, ['blog']);
  writeFiles(project, { 'blog/models.ts': MODELS });
});
afterAll(async () => {
  removeDir(workspace);
  await db.drop();
});

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('callable defaults', () => {
  it('writes an inline literal factory into the initial migration, and finds no change after', () => {
    expect(hyper('makemigrations', '--noinput')).toMatchObject({ code: 0, stderr: '' });
    expect(read('0001_initial.ts')).toContain("['meta', fields.JSONField({ default: () => ({}) })],");
    expect(hyper('makemigrations', '--check')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('migrate', '--noinput')).toMatchObject({ code: 0, stderr: '' });
    expect(hyper('shell', '-c', "await Post.objects.create({ title: 'old' })").stderr).toBe('');
  });

  it('adds a field with a callable default to a model with rows without asking, filling them with its value', async () => {
    writeFiles(project, { 'blog/models.ts': WITH_TAGS });
    const run = hyper('makemigrations', '--noinput');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe("Migrations for 'blog':\n  blog/migrations/0002_post_tags_post_labels.ts\n    + Add field tags to post\n    + Add field labels to post\n");
    const text = read('0002_post_tags_post_labels.ts');
    expect(text).toContain("import { defaultLabels } from '../models';\n");
    expect(text).toContain("field: fields.JSONField({ default: () => [] })");
    expect(text).toContain("field: fields.JSONField({ default: defaultLabels })");
    expect(hyper('makemigrations', '--check')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('migrate', '--noinput')).toMatchObject({ code: 0, stderr: '' });
    expect(await query('SELECT title, tags, labels, meta FROM blog_post')).toEqual([{ title: 'old', tags: [], labels: ['new'], meta: {} }]);
  });

  it('refuses, in one line, a function default a migration cannot refer to', () => {
    writeFiles(project, { 'blog/models.ts': WITH_TAGS.replace("export function defaultLabels", "function defaultLabels").replace('  meta:', "  extra: JSONField({ default: () => defaultLabels() }),\n  meta:") });
    const run = hyper('makemigrations', '--noinput');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "MigrationError: blog/migrations/0003_auto.ts: A field's default is an anonymous function, which a migration file cannot refer to: export it from a module of the project (such as the app's models.ts) so the migration can import it, or make it an inline factory of literals such as () => [].\n",
    );
    expect(fs.readdirSync(path.join(project, 'blog', 'migrations')).filter((name) => name.startsWith('0003'))).toEqual([]);
  });

  it("suggests a one-off default of the field's type", () => {
    writeFiles(project, { 'blog/models.ts': WITH_TAGS.replace('  meta:', '  extra: JSONField(),\n  meta:') });
    const run = hyper('makemigrations', '--noinput');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("give it with --default blog.Post.extra='[]' (any JS literal)");
  });
});
