// makemigrations and squashmigrations through bin/hyper.js in a temporary project:
// initial migration, no-change runs, byte-identical output, a second change with a
// rename and a one-off default answered by flags, --check, --dry-run, --noinput exit
// codes, --scriptable, the pending-changes warning, --merge, --empty, squashing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;
const hyper = (...args: string[]) => runHyper(args, { cwd: project });
const migrationsOf = () => fs.readdirSync(path.join(project, 'blog', 'migrations')).filter((name) => name.endsWith('.ts')).sort();
const read = (name: string) => fs.readFileSync(path.join(project, 'blog', 'migrations', name), 'utf8');

const MODELS = `import { BooleanField, CharField, ForeignKey, ManyToManyField, TextField, model } from 'hyperdjango/db';

export class Tag extends model({ name: CharField({ maxLength: 50, unique: true }) }) {}
export class Author extends model({ username: CharField({ maxLength: 50, unique: true }) }) {}
export class Post extends model(
  {
    title: CharField({ maxLength: 200 }),
    body: TextField({ blank: true }),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'posts' }),
    tags: ManyToManyField(() => Tag, { relatedName: 'posts', blank: true }),
    published: BooleanField({ default: false }),
  },
  { ordering: ['-id'] },
) {}
`;

const CHANGED = MODELS.replace("title: CharField({ maxLength: 200 }),", "headline: CharField({ maxLength: 200 }),\n    slug: CharField({ maxLength: 50 }),");

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-makemigrations-');
  project = createProject(workspace, ['blog']);
  writeFiles(project, { 'blog/models.ts': MODELS });
});
afterAll(() => removeDir(workspace));

describe('hyper makemigrations', () => {
  it('writes the initial migration, then finds no changes', () => {
    const run = hyper('makemigrations');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe("Migrations for 'blog':\n  blog/migrations/0001_initial.ts\n    + Create model Author\n    + Create model Tag\n    + Create model Post\n");
    expect(read('0001_initial.ts')).toContain("['author', fields.ForeignKey('blog.Author', { onDelete: 'CASCADE', relatedName: 'posts' })],");
    expect(hyper('makemigrations')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('makemigrations', 'blog')).toMatchObject({ code: 0, stdout: "No changes detected in app 'blog'\n" });
    expect(hyper('check')).toMatchObject({ code: 0, stdout: 'System check identified no issues (0 silenced).\n' });
  });

  it('writes the same bytes for the same models', () => {
    const first = read('0001_initial.ts');
    fs.rmSync(path.join(project, 'blog', 'migrations', '0001_initial.ts'));
    expect(hyper('makemigrations', '-v', '0')).toMatchObject({ code: 0, stdout: '' });
    expect(read('0001_initial.ts')).toBe(first);
  });

  it('reports pending changes with --check, --dry-run and hyper check, writing nothing', () => {
    writeFiles(project, { 'blog/models.ts': CHANGED });
    const check = hyper('makemigrations', '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("Migrations for 'blog':\n  blog/migrations/0002_");
    expect(check.stderr).toContain('Your models have changes that are not yet reflected in a migration');
    const dry = hyper('makemigrations', '--dry-run', '-v', '3', '--rename', 'blog.Post.title=headline', '--default', "blog.Post.slug=''");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("    ~ Rename field title on post to headline\n    + Add field slug to post\n");
    expect(dry.stdout).toContain("export default new Migration({\n  dependencies: [['blog', '0001_initial']],");
    expect(migrationsOf()).toEqual(['0001_initial.ts']);
    const warned = hyper('check');
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain("blog: (migrations.W001) The models of app 'blog' have changes that are not yet reflected in a migration.");
  });

  it('stops under --noinput with exit code 3 naming the question, until flags answer it', () => {
    const rename = hyper('makemigrations', '--noinput');
    expect(rename.code).toBe(3);
    expect(rename.stderr).toBe(
      'NeedsInputError: Did you rename post.title to post.headline (a CharField)? Answer with --rename blog.Post.title=headline (or --rename blog.Post.title= for no), or run it in a terminal without --noinput to be asked.\n',
    );
    const value = hyper('makemigrations', '--no-input', '--rename', 'blog.Post.title=headline');
    expect(value.code).toBe(3);
    expect(value.stderr).toContain('The new field post.slug is NOT NULL and has no default');
    expect(migrationsOf()).toEqual(['0001_initial.ts']);
  });

  it('writes the second migration; --scriptable prints only its path on stdout', () => {
    const run = hyper('makemigrations', '--noinput', '--scriptable', '--rename', 'blog.Post.title=headline', '--default', "blog.Post.slug=''");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${path.join(project, 'blog', 'migrations', '0002_auto.ts')}\n`);
    expect(run.stderr).toContain("Migrations for 'blog':\n  blog/migrations/0002_auto.ts\n    ~ Rename field title on post to headline\n    + Add field slug to post\n    ~ Alter field slug on post\n");
    expect(read('0002_auto.ts')).toContain("operations.AddField({ modelName: 'post', name: 'slug', field: fields.CharField({ default: '', maxLength: 50 }) }),");
    expect(hyper('makemigrations', '--check')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('check').stderr).toBe('');
  });

  it('writes files that migrate applies and that type-check with the project', () => {
    const migrate = hyper('migrate');
    expect(migrate.stderr.replace(/^Creating the embedded database in .*\n/, '')).toBe('');
    expect(migrate.code).toBe(0);
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
  });

  it('warns about drops that lose data, counting it on the database', () => {
    const withoutBody = CHANGED.replace("    body: TextField({ blank: true }),\n", '');
    writeFiles(project, { 'blog/models.ts': withoutBody });
    const empty = hyper('makemigrations', '--dry-run');
    expect(empty.code).toBe(0);
    expect(empty.stderr).not.toContain('Removing blog.post.body');
    writeFiles(project, { 'blog/models.ts': CHANGED });
    const seed = hyper('shell', '-c', "const a = await Author.objects.create({ username: 'ann' }); await Post.objects.create({ headline: 'h', slug: 's', body: 'kept', authorId: a.id });");
    expect(seed.stderr).toBe('');
    writeFiles(project, { 'blog/models.ts': withoutBody });
    const run = hyper('makemigrations');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0003_remove_post_body.ts\n    - Remove field body from post\n');
    expect(run.stderr).toContain("Warning: Removing blog.post.body drops its column and the data in it: 1 row holds a value on the 'default' database.");
  });

  it('merges two leaves with --merge, and writes an empty migration with --empty', () => {
    const leaf = "import { Migration } from 'hyperdjango/migrations';\nexport default new Migration({ dependencies: [['blog', '0003_remove_post_body']], operations: [] });\n";
    writeFiles(project, { 'blog/migrations/0004_a.ts': leaf, 'blog/migrations/0004_b.ts': leaf });
    const conflict = hyper('makemigrations');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('Conflicting migrations detected; several leaves in the migration graph: (0004_a, 0004_b in blog). To fix them run `hyper makemigrations --merge`.');
    const merge = hyper('makemigrations', '--merge');
    expect(merge).toMatchObject({ code: 0, stdout: "Migrations for 'blog':\n  blog/migrations/0005_merge_0004_a_0004_b.ts\n" });
    expect(read('0005_merge_0004_a_0004_b.ts')).toContain("dependencies: [['blog', '0004_a'], ['blog', '0004_b']],");
    expect(hyper('makemigrations')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('makemigrations', '--empty', 'blog', '--name', 'data')).toMatchObject({ code: 0, stdout: "Migrations for 'blog':\n  blog/migrations/0006_data.ts\n" });
    expect(hyper('makemigrations', '--empty').code).toBe(1);
  });

  it('refuses an unknown app and a bad flag answer', () => {
    expect(hyper('makemigrations', 'nope')).toMatchObject({ code: 1, stderr: expect.stringContaining("No installed app with label 'nope'") });
    expect(hyper('makemigrations', '--rename', 'blog.Post').code).toBe(2);
  });
});

describe('hyper squashmigrations', () => {
  it('squashes a run of migrations, and makemigrations still finds no changes', () => {
    const run = hyper('squashmigrations', 'blog', '0003');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Created new squashed migration blog/migrations/0001_squashed_0003_remove_post_body.ts');
    const text = read('0001_squashed_0003_remove_post_body.ts');
    expect(text).toContain("replaces: [['blog', '0001_initial'], ['blog', '0002_auto'], ['blog', '0003_remove_post_body']],");
    expect(text).toContain('initial: true,');
    expect(hyper('makemigrations')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
    expect(hyper('migrate').code).toBe(0);
    expect(hyper('squashmigrations', 'blog', '0009').stderr).toContain("Cannot find a migration of 'blog' matching '0009'");
  });

  it('counts a squashed migration as applied once all it replaces are, also after the old ones are deleted', () => {
    const squashed = '0001_squashed_0003_remove_post_body';
    expect(hyper('showmigrations', 'blog').stdout).toContain(` [X] ${squashed} (3 squashed migrations)\n`);
    expect(hyper('migrate').stdout).toContain('No migrations to apply.');
    // Django's last step: delete the replaced migrations, point their dependents at the squash, drop `replaces`.
    for (const name of ['0001_initial', '0002_auto', '0003_remove_post_body']) fs.rmSync(path.join(project, 'blog', 'migrations', `${name}.ts`));
    for (const name of ['0004_a.ts', '0004_b.ts']) writeFiles(project, { [`blog/migrations/${name}`]: read(name).replace("'0003_remove_post_body'", `'${squashed}'`) });
    writeFiles(project, { [`blog/migrations/${squashed}.ts`]: read(`${squashed}.ts`).replace(/^ *replaces: .*\n/m, '') });
    expect(hyper('showmigrations', 'blog').stdout).toContain(` [X] ${squashed}\n`);
    expect(hyper('migrate').stdout).toContain('No migrations to apply.');
    // And it unapplies and applies as one migration.
    const zero = hyper('migrate', 'blog', 'zero');
    expect(zero.code).toBe(0);
    expect(zero.stdout).toContain(`Unapplying blog.${squashed}... OK`);
    const again = hyper('migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Applying blog.${squashed}... OK`);
  });
});
