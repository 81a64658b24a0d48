// dumpdata, flush, loaddata, sqlflush and sqlsequencereset through the real CLI, on a
// PostgreSQL server and on the embedded database: a round trip keeps every value
// (foreign keys, many-to-many, JSON, decimals, dates); a bad object is named by file,
// index and field and nothing is written; gzip, jsonl and natural keys.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProject, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';

const MODELS = `import { BooleanField, CharField, DateField, DateTimeField, DecimalField, ForeignKey, JSONField, ManyToManyField, model } from 'hyperdjango/db';
import { User } from 'hyperdjango/auth';

export class Tag extends model({ name: CharField({ maxLength: 50, unique: true }) }) {}

export class Post extends model({
  title: CharField({ maxLength: 200 }),
  author: ForeignKey(() => User, { onDelete: 'CASCADE', relatedName: 'posts' }),
  parent: ForeignKey('self', { onDelete: 'CASCADE', null: true }),
  tags: ManyToManyField(() => Tag, { relatedName: 'posts', blank: true }),
  price: DecimalField({ maxDigits: 10, decimalPlaces: 2 }),
  meta: JSONField({ default: () => ({}) }),
  published: BooleanField({ default: false }),
  day: DateField({ null: true }),
  created: DateTimeField(),
}) {}
`;

const SEED = `
const ann = await User.objects.createUser({ username: 'ann', password: 'x' });
const [a, b] = [await Tag.objects.create({ name: 'a' }), await Tag.objects.create({ name: 'b' })];
const first = await Post.objects.create({ title: 'First "quoted"', author: ann, price: '12.50', meta: { list: [1, 'x', null], nested: { ok: true } }, day: '2024-02-29', created: new Date('2024-05-01T10:00:00.123Z') });
await Post.objects.create({ title: 'Reply', author: ann, parent: first, price: '0.10', published: true, created: new Date('2024-05-02T00:00:00Z') });
await first.tags.set([a, b]);
`;

describe.each(BACKENDS)('%s', (kind) => {
  let workspace: string;
  let project: string;
  let db: TestDatabase;
  const env = (): Record<string, string> => (kind === 'postgres' ? { DATABASE_URL: db.url } : {});
  const hyper = (...args: string[]) => runHyper(args, { cwd: project, env: env() });
  const ok = (...args: string[]) => {
    const run = hyper(...args);
    if (run.code !== 0) throw new Error(`hyper ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
    return run.stdout;
  };
  const dump = (...args: string[]) => JSON.parse(ok('dumpdata', ...args)) as Array<{ model: string; pk: unknown; fields: Record<string, unknown> }>;
  const file = (name: string) => path.join(workspace, name);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    workspace = makeTempDir('hyper-e2e-data-');
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

  it('writes Django fixtures: keys as pks, many-to-many as lists, decimals as strings, dates as ISO, JSON as JSON', () => {
    const posts = dump('blog.Post');
    expect(posts).toEqual([
      {
        model: 'blog.post',
        pk: 1,
        fields: { title: 'First "quoted"', author: 1, parent: null, tags: [1, 2], price: '12.50', meta: { list: [1, 'x', null], nested: { ok: true } }, published: false, day: '2024-02-29', created: '2024-05-01T10:00:00.123Z' },
      },
      { model: 'blog.post', pk: 2, fields: { title: 'Reply', author: 1, parent: 1, tags: [], price: '0.10', meta: {}, published: true, day: null, created: '2024-05-02T00:00:00.000Z' } },
    ]);
  });

  it('round-trips through flush and loaddata, sequences reset after', () => {
    const before = dump();
    expect(ok('dumpdata', '--output', file('all.json'))).toContain(`Dumped ${before.length} object(s)`);
    expect(ok('flush', '--noinput')).toMatch(/^Flushed \d+ table\(s\)/);
    const flushed = dump();
    expect(flushed.filter((object) => object.model !== 'auth.permission')).toEqual([]);
    expect(flushed.some((object) => object.model === 'auth.permission')).toBe(true); // recreated as after migrate
    expect(ok('loaddata', file('all.json'))).toBe(`Installed ${before.length} object(s) from 1 fixture(s)\n`);
    expect(dump()).toEqual(before);
    // A new row gets the key after the largest loaded one.
    expect(ok('shell', '-c', "console.log((await Tag.objects.create({ name: 'c' })).pk)").trim()).toBe('3');
    ok('shell', '-c', "await Tag.objects.filter({ name: 'c' }).delete()");
  });

  it('reads and writes gzipped jsonl', () => {
    const before = dump();
    ok('dumpdata', '-o', file('all.jsonl.gz'));
    const lines = require('node:zlib').gunzipSync(fs.readFileSync(file('all.jsonl.gz'))).toString().trimEnd().split('\n');
    expect(lines.map((line: string) => JSON.parse(line))).toEqual(before);
    ok('flush', '--noinput');
    expect(ok('loaddata', file('all.jsonl.gz'))).toContain(`Installed ${before.length} object(s)`);
    expect(dump()).toEqual(before);
  });

  it('names a bad object by file, index and field, and writes nothing', () => {
    writeFiles(project, {
      'blog/fixtures/bad.json': JSON.stringify([
        { model: 'blog.tag', pk: 10, fields: { name: 'new' } },
        { model: 'blog.post', pk: 5, fields: { title: 'x', author: 1, price: 'abc', created: '2024-01-01T00:00:00Z' } },
      ]),
    });
    const run = hyper('loaddata', 'bad');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/blog[/\\]fixtures[/\\]bad\.json, object 2 \(blog\.post pk 5\), field 'price': 'abc' value must be a decimal number\.$/)]);
    expect(dump('blog.Tag').map((tag) => tag.pk)).toEqual([1, 2]);
  });

  it('names the object whose foreign key points nowhere, found at the end of the transaction', () => {
    writeFiles(project, {
      'dangling.jsonl': [
        JSON.stringify({ model: 'blog.tag', pk: 11, fields: { name: 'other' } }),
        JSON.stringify({ model: 'blog.post', pk: 6, fields: { title: 'x', author: 99, price: '1', created: '2024-01-01T00:00:00Z' } }),
      ].join('\n'),
    });
    const run = hyper('loaddata', 'dangling.jsonl');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/dangling\.jsonl, object 2 \(blog\.post pk 6\), field 'author': 99 points to no row of auth_user; nothing was loaded\.$/)]);
    expect(dump('blog.Tag').map((tag) => tag.pk)).toEqual([1, 2]);
  });

  it('writes and resolves natural foreign keys', () => {
    const out = dump('auth.User', 'blog', '--natural-foreign');
    expect(out.find((object) => object.model === 'blog.post')!.fields.author).toEqual(['ann']);
    // The user comes back under another pk: the posts follow it by username.
    const renumbered = out.map((object) => (object.model === 'auth.user' ? { ...object, pk: 7 } : object));
    fs.writeFileSync(file('natural.json'), JSON.stringify(renumbered));
    ok('flush', '--noinput');
    ok('loaddata', file('natural.json'));
    expect(dump('blog.Post').map((post) => post.fields.author)).toEqual([7, 7]);
    expect(dump('blog.Post', '--natural-foreign')).toEqual(out.filter((object) => object.model === 'blog.post'));
  });

  if (kind === 'postgres') {
    it('flush asks first, and needs --noinput without a terminal (exit 3)', () => {
      const run = hyper('flush');
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/no terminal to confirm on; run it with --noinput\.\n$/);
      expect(dump('blog.Tag')).toHaveLength(2);
    });

    it('prints the SQL of flush and of a sequence reset', () => {
      expect(ok('sqlflush')).toMatch(/^BEGIN;\nTRUNCATE "auth_group", .*"blog_post", "blog_post_tags", "blog_tag", "sessions_session" RESTART IDENTITY CASCADE;\nCOMMIT;\n$/);
      expect(ok('sqlsequencereset', 'blog')).toContain(`SELECT setval(pg_get_serial_sequence('"blog_post"', 'id'), coalesce(max("id"), 1), max("id") IS NOT null) FROM "blog_post";`);
      expect(hyper('sqlsequencereset', 'nope')).toMatchObject({ code: 1, stderr: expect.stringMatching(/No installed app with label 'nope'/) });
    });

    it('says which fixture name it could not find, and where it looked', () => {
      const run = hyper('loaddata', 'missing');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/No fixture named 'missing' found: looked in .*blog[/\\]fixtures.* for missing\.json, missing\.jsonl, missing\.json\.gz, missing\.jsonl\.gz\./);
    });
  }
});
