// A project app with models: `hyper check` loads them through the app registry and
// reports model problems; the project type-checks against the ORM's declarations.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;

const MODELS = `import { BooleanField, CharField, ForeignKey, ManyToManyField, TextField, model, type Manager, type RelatedManager } from 'hyperdjango/db';

export class Tag extends model({ name: CharField({ maxLength: 50, unique: true }) }) {}

export class Author extends model({ username: CharField({ maxLength: 50, unique: true }) }) {
  declare static objects: Manager<Author>;
  declare posts: RelatedManager<Post>;
}

export class Post extends model(
  {
    title: CharField({ maxLength: 200 }),
    body: TextField({ blank: true }),
    author: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'posts' }),
    tags: ManyToManyField(() => Tag, { relatedName: 'posts', blank: true }),
    published: BooleanField({ default: false }),
  },
  { ordering: ['-id'] },
) {
  declare static objects: Manager<Post>;
  get shout(): string {
    return this.title.toUpperCase() + (this.author.username ? '!' : '');
  }
}
`;

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-models-');
  project = createProject(workspace, ['blog']);
});
afterAll(() => removeDir(workspace));

describe('models in a project', () => {
  it('are checked by hyper check and type-check with the project', () => {
    writeFiles(project, { 'blog/models.ts': MODELS });
    expect(runHyper(['check'], { cwd: project })).toMatchObject({ code: 0, stdout: 'System check identified no issues (0 silenced).\n' });
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(runHyper(['check', '--list-tags'], { cwd: project }).stdout).toContain('models\n');
  });

  it('report broken models with their ids and stop commands that require checks', () => {
    writeFiles(project, {
      'blog/models.ts': MODELS.replace("{ ordering: ['-id'] }", "{ ordering: ['-titel'] }").replace("relatedName: 'posts', blank: true", "relatedName: 'posts', blank: true }), editor: ForeignKey(() => Author, { onDelete: 'CASCADE', relatedName: 'posts'"),
    });
    const run = runHyper(['check'], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("blog.Post: (models.E015) 'ordering' refers to the nonexistent field, related field, or lookup '-titel'.");
    expect(run.stderr).toContain("blog.Post.editor: (fields.E304) Reverse accessor 'Author.posts' for 'blog.Post.editor' clashes with the reverse accessor for 'blog.Post.author'.");
    expect(runHyper(['check', '--tag', 'security'], { cwd: project }).code).toBe(0);
  });
});

describe('the embedded database', () => {
  it('persists between commands, each closing it cleanly for the next', () => {
    writeFiles(project, {
      'blog/models.ts': "import { CharField, model } from 'hyperdjango/db';\nexport class Note extends model({ text: CharField({ maxLength: 50 }) }) {}\n",
      'blog/commands/note.ts': [
        "import { BaseCommand, type CommandOptions, type CommandParser } from 'hyperdjango/management';",
        "import { connections, createTables } from 'hyperdjango/db';",
        "import { Note } from '../models';",
        '',
        'export default class Command extends BaseCommand {',
        "  addArguments(parser: CommandParser) { parser.argument('<text>'); }",
        '  async handle(options: CommandOptions) {',
        "    const exists = await connections.get().execute({ sql: \"SELECT to_regclass('blog_note') AS t\", parameters: [] });",
        '    if (!exists.rows[0].t) await createTables([Note]);',
        '    await Note.objects.create({ text: options.text });',
        "    this.stdout.write((await Note.objects.orderBy('id').valuesList('text', { flat: true })).join(','));",
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const first = runHyper(['note', 'one'], { cwd: project });
    expect(first.stderr).toMatch(/^(Creating the embedded database in .*\n)?$/);
    expect(first.stdout).toBe('one\n');
    expect(runHyper(['note', 'two'], { cwd: project })).toMatchObject({ code: 0, stdout: 'one,two\n' });
    expect(fs.existsSync(path.join(project, '.hyper', 'db'))).toBe(true);
  });
});
