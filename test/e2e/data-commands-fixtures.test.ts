// What loaddata and dumpdata do beyond a plain round trip, through the real CLI on a
// PostgreSQL server and on the embedded database: natural primary keys both ways,
// standard input, --ignorenonexistent, raw save signals seen by a project's receivers,
// and a row refused in the middle of a large batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProject, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';

const MODELS = `import * as fs from 'node:fs';
import { CharField, ForeignKey, ManyToManyField, model, postSave, preSave } from 'hyperdjango/db';
import { User } from 'hyperdjango/auth';

export class Tag extends model({ name: CharField({ maxLength: 50, unique: true }) }) {}

export class Post extends model({
  title: CharField({ maxLength: 200 }),
  author: ForeignKey(() => User, { onDelete: 'CASCADE' }),
  tags: ManyToManyField(() => Tag, { blank: true }),
}) {}

// Receivers as a project connects them; they write what they see where the test reads it.
const log = (line: string) => process.env.SIGNAL_LOG && fs.appendFileSync(process.env.SIGNAL_LOG, line + '\\n');
preSave.connect(({ instance, raw }) => log(\`preSave \${(instance as Tag).name} pk=\${(instance as Tag).pk} raw=\${raw}\`), { sender: Tag });
postSave.connect(({ instance, raw, created }) => log(\`postSave \${(instance as Tag).name} pk=\${(instance as Tag).pk} raw=\${raw} created=\${created}\`), { sender: Tag });
`;

const SEED = `
const ann = await User.objects.createUser({ username: 'ann', password: 'x', email: 'ann@example.com' });
await User.objects.createUser({ username: 'bob', password: 'x' });
const tag = await Tag.objects.create({ name: 'a' });
const post = await Post.objects.create({ title: 'Hello', author: ann });
await post.tags.set([tag]);
`;

// Each test runs the CLI several times: seconds each on the embedded database.
jest.setTimeout(180000);

type FixtureObject = { model: string; pk?: unknown; fields: Record<string, unknown> };

describe.each(BACKENDS)('%s', (kind) => {
  let workspace: string;
  let project: string;
  let db: TestDatabase;
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ ...(kind === 'postgres' ? { DATABASE_URL: db.url } : {}), ...extra });
  const hyper = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) => runHyper(args, { cwd: project, env: env(options.env), input: options.input });
  const ok = (...args: string[]) => {
    const run = hyper(args);
    if (run.code !== 0) throw new Error(`hyper ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
    return run.stdout;
  };
  const dump = (...args: string[]) => JSON.parse(ok('dumpdata', ...args)) as FixtureObject[];
  const file = (name: string) => path.join(workspace, name);
  const write = (name: string, objects: unknown[]) => fs.writeFileSync(file(name), JSON.stringify(objects));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    workspace = makeTempDir('hyper-e2e-fixtures-');
    project = createProject(workspace, ['blog']);
    writeFiles(project, { 'blog/models.ts': MODELS });
    ok('makemigrations', '--noinput');
    ok('migrate', '--noinput');
    ok('shell', '-c', SEED);
  }, 120000);
  afterAll(async () => {
    removeDir(workspace);
    await db.drop();
  });

  it('natural primary keys: dumped without pk, loaded they replace the row with that key, or make one', () => {
    const out = dump('auth.User', 'blog.Post', '--natural-foreign', '--natural-primary');
    const users = out.filter((object) => object.model === 'auth.user');
    expect(users.map((user) => [user.pk, user.fields.username])).toEqual([[undefined, 'ann'], [undefined, 'bob']]);
    expect(out.find((object) => object.model === 'blog.post')!.fields).toMatchObject({ author: ['ann'], tags: [1] });

    // Loaded over the same rows: ann is found by username and changed, not doubled.
    write('natural.json', out.map((object) => (object.fields.username === 'ann' ? { ...object, fields: { ...object.fields, email: 'new@example.com' } } : object)));
    expect(ok('loaddata', file('natural.json'))).toBe(`Installed ${out.length} object(s) from 1 fixture(s)\n`);
    expect(dump('auth.User').map((user) => [user.pk, user.fields.username, user.fields.email])).toEqual([
      [1, 'ann', 'new@example.com'],
      [2, 'bob', ''],
    ]);

    // Into tables with other users: new rows, and the post follows ann by her username.
    ok('flush', '--noinput');
    ok('shell', '-c', "await User.objects.createUser({ username: 'zed', password: 'x' }); await Tag.objects.create({ name: 'a' });");
    ok('loaddata', file('natural.json'));
    const again = dump('auth.User', 'blog.Post');
    expect(again.filter((object) => object.model === 'auth.user').map((user) => [user.pk, user.fields.username])).toEqual([[1, 'zed'], [2, 'ann'], [3, 'bob']]);
    expect(again.find((object) => object.model === 'blog.post')!.fields.author).toBe(2);
  });

  it("reads standard input ('-') in the format given, which it needs", () => {
    const lines = [{ model: 'blog.tag', pk: 20, fields: { name: 'from stdin' } }, { model: 'blog.tag', fields: { name: 'from stdin too' } }].map((object) => JSON.stringify(object)).join('\n');
    expect(hyper(['loaddata', '-', '--format', 'jsonl'], { input: lines })).toMatchObject({ code: 0, stdout: 'Installed 2 object(s) from 1 fixture(s)\n' });
    expect(dump('blog.Tag').map((tag) => tag.fields.name)).toEqual(expect.arrayContaining(['from stdin', 'from stdin too']));
    const bad = hyper(['loaddata', '-', '--format', 'json'], { input: '[{"model": "blog.tag", "pk": 21, "fields": {"name": 5}}, {"model": "blog.tag"' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/standard input: it ends inside the array \(after object 1\)/);
    const run = hyper(['loaddata', '-'], { input: lines });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/needs its format: add --format json or --format jsonl\.$/)]);
  });

  it('--ignorenonexistent skips fields and models that no longer exist; without it they are named', () => {
    write('old.json', [
      { model: 'blog.tag', pk: 30, fields: { name: 'old', colour: 'red' } },
      { model: 'blog.gone', pk: 1, fields: { name: 'x' } },
    ]);
    const run = hyper(['loaddata', file('old.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/old\.json, object 1 \(blog\.tag pk 30\): blog\.tag has no field 'colour'\. Fields are: name; --ignorenonexistent skips fields that no longer exist\.$/)]);
    expect(ok('loaddata', file('old.json'), '--ignorenonexistent')).toBe('Installed 1 object(s) (of 2) from 1 fixture(s)\n');
    expect(dump('blog.Tag').find((tag) => tag.pk === 30)!.fields).toEqual({ name: 'old' });
  });

  it("sends preSave and postSave with raw: true to the project's receivers, created telling new rows from replaced ones", () => {
    const log = file('signals.log');
    write('signals.json', [
      { model: 'blog.tag', pk: 30, fields: { name: 'replaced' } },
      { model: 'blog.tag', pk: 40, fields: { name: 'new' } },
    ]);
    ok('loaddata', file('signals.json'));
    expect(hyper(['loaddata', file('signals.json')], { env: { SIGNAL_LOG: log } }).code).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trimEnd().split('\n')).toEqual([
      'preSave replaced pk=30 raw=true',
      'preSave new pk=40 raw=true',
      'postSave replaced pk=30 raw=true created=false',
      'postSave new pk=40 raw=true created=false',
    ]);
    fs.rmSync(log);
    write('fresh.json', [{ model: 'blog.tag', fields: { name: 'fresh' } }]);
    expect(hyper(['loaddata', file('fresh.json')], { env: { SIGNAL_LOG: log } }).code).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/^preSave fresh pk=null raw=true\npostSave fresh pk=\d+ raw=true created=true\n$/);
  });

  it('a row refused in the middle of a batch of thousands is named by file, index and field, and nothing is written', () => {
    const before = dump('blog.Tag');
    const objects = Array.from({ length: 3000 }, (_, i) => ({ model: 'blog.tag', pk: 1000 + i, fields: { name: i === 999 ? 'x'.repeat(51) : `bulk ${i}` } }));
    write('big.json', objects);
    const run = hyper(['loaddata', file('big.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/big\.json, object 1000 \(blog\.tag pk 1999\), field 'name': value too long for type character varying\(50\)$/)]);
    expect(dump('blog.Tag')).toEqual(before);
  });
});
