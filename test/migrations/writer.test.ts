// The writer: migration files that are TypeScript importing only hyperdjango/migrations,
// byte-identical for the same models, and that load back to the models' state.
import { transformSync } from 'esbuild';
import * as migrationsApi from '../../src/orm/migrations';
import { Migration, MigrationGraph, operations as o, fields as f, ProjectState } from '../../src/orm/migrations';
import { arrangeMigrations } from '../../src/orm/migrations/arrange';
import { detectChanges } from '../../src/orm/migrations/autodetector';
import { writeMigration } from '../../src/orm/migrations/writer';
import { ALL_MODELS } from '../orm/models';
import { answering, canonical, graphOf, model, state } from './autodetector-support';

/** Evaluates a written file as the loader would, with 'hyperdjango/migrations' as this checkout's source. */
function load(text: string, app: string, name: string): Migration {
  const { code } = transformSync(text, { loader: 'ts', format: 'cjs' });
  const module = { exports: {} as { default?: Migration } };
  const requireShim = (id: string) => {
    if (id !== 'hyperdjango/migrations') throw new Error(`a migration file imported '${id}'`);
    return migrationsApi;
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the written migration, which is what is tested
  new Function('module', 'exports', 'require', code)(module, module.exports, requireShim);
  const migration = module.exports.default!;
  migration.app = app;
  migration.name = name;
  return migration;
}

async function writeAll(from: ProjectState, to: ProjectState, graph = graphOf([])) {
  const changes = await detectChanges(from, to, answering({ default: '' }));
  return arrangeMigrations(changes.byApp, graph).map((planned) => ({ ...planned, text: writeMigration(planned) }));
}

describe('migration writer', () => {
  const models = () => ProjectState.fromModels(ALL_MODELS);

  it('writes files that load back and replay to the state of the models', async () => {
    const written = await writeAll(new ProjectState(), models());
    expect(written.map((m) => `${m.app}.${m.name}`)).toEqual(['blog.0001_initial']);
    const loaded = written.map((m) => load(m.text, m.app, m.name));
    const graph = new MigrationGraph(new Map(loaded.map((m) => [m.key, m])));
    expect(canonical(graph.state())).toBe(canonical(models()));
    expect(loaded[0].initial).toBe(true);
    // Historical models render from it (relations by label, 'self' included).
    expect(() => graph.state().render()).not.toThrow();
  });

  it('is deterministic: the same models give the same bytes', async () => {
    const first = await writeAll(new ProjectState(), models());
    const second = await writeAll(new ProjectState(), ProjectState.fromModels([...ALL_MODELS].reverse()));
    expect(second.map((m) => m.text)).toEqual(first.map((m) => m.text));
  });

  it('writes a second migration that replays onto the first', async () => {
    const before = state(model('blog', 'Post', { title: f.CharField({ maxLength: 200 }) }));
    const after = state(model('blog', 'Post', { title: f.CharField({ maxLength: 200 }), slug: f.SlugField({ maxLength: 50 }), tags: f.ArrayField(f.CharField({ maxLength: 20 }), { default: [] }), key: f.UUIDField({ default: f.uuid4 }) }));
    const first = load((await writeAll(new ProjectState(), before))[0].text, 'blog', '0001_initial');
    const graph = graphOf([first]);
    const [second] = await writeAll(graph.state(), after, graph);
    expect(second.name).toBe('0002_post_slug_post_tags_post_key');
    expect(second.text).toContain("import { Migration, fields, operations, uuid4 } from 'hyperdjango/migrations';");
    expect(second.text).toContain("dependencies: [['blog', '0001_initial']],");
    expect(second.text).toContain("field: fields.ArrayField(fields.CharField({ maxLength: 20 }), { default: [] })");
    const replayed = graphOf([first, load(second.text, 'blog', second.name)]).state();
    expect(canonical(replayed)).toBe(canonical(after));
  });

  it('quotes strings safely and writes dates, nested operations and replaces', () => {
    const text = writeMigration({
      dependencies: [['blog', "0001_it's"]],
      replaces: [['blog', '0001_a'], ['blog', '0002_b']],
      operations: [
        o.RunSQL({ sql: "INSERT INTO t VALUES ('a\\b\n')", reverseSql: 'DELETE FROM t' }),
        o.AddField({ modelName: 'post', name: 'at', field: f.DateTimeField({ default: new Date('2024-01-02T03:04:05.000Z') as never }) }),
        o.SeparateDatabaseAndState({ stateOperations: [o.DeleteModel({ name: 'Old' })] }),
      ],
    });
    const loaded = load(text, 'blog', '0003_x');
    expect(loaded.dependencies).toEqual([['blog', "0001_it's"]]);
    expect(loaded.replaces).toEqual([['blog', '0001_a'], ['blog', '0002_b']]);
    expect(loaded.operations[0].deconstruct()).toEqual({ sql: "INSERT INTO t VALUES ('a\\b\n')", reverseSql: 'DELETE FROM t' });
    expect((loaded.operations[1].deconstruct().field as { options: { default: Date } }).options.default.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(loaded.operations[2].describe()).toBe('Custom state/database change combination');
    expect(text).toContain("operations.SeparateDatabaseAndState({ stateOperations: [operations.DeleteModel({ name: 'Old' })] })");
  });

  it('refuses what a file cannot hold, such as a RunCode function', () => {
    expect(() => writeMigration({ dependencies: [], operations: [o.RunCode({ code: () => undefined })] })).toThrow('write this operation by hand');
  });
});
