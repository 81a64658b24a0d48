// From detected operations to migrations: names and numbers, dependencies across apps,
// cycles split over two migrations; and the optimizer's folds.
import * as f from '../../src/orm/fields';
import { operations as o } from '../../src/orm/migrations';
import { arrangeMigrations, keepApps } from '../../src/orm/migrations/arrange';
import { detectChanges } from '../../src/orm/migrations/autodetector';
import { suggestName } from '../../src/orm/migrations/naming';
import { optimize } from '../../src/orm/migrations/optimizer';
import { answering, describeAll, graphOf, migration, model, state } from './autodetector-support';

const plan = (list: ReturnType<typeof arrangeMigrations>) => list.map((m) => ({ key: `${m.app}.${m.name}`, dependencies: m.dependencies.map(([a, n]) => `${a}.${n}`), operations: describeAll(m.operations) }));

describe('planning migrations', () => {
  it('names the first migration initial and the next ones after their operations, numbering on', async () => {
    const author = model('blog', 'Author', { name: f.CharField({ maxLength: 50 }) });
    const first = await detectChanges(state(), state(author), answering());
    expect(plan(arrangeMigrations(first.byApp, graphOf([])))).toEqual([{ key: 'blog.0001_initial', dependencies: [], operations: ['Create model Author'] }]);
    const graph = graphOf([migration('blog', '0001_initial', [o.CreateModel({ name: 'Author', fields: author.fields.map(([n, s]) => [n, s] as const) })]), migration('blog', '0007_x', [], [['blog', '0001_initial']])]);
    const next = await detectChanges(graph.state(), state(model('blog', 'Author', { name: f.CharField({ maxLength: 50 }), bio: f.TextField({ null: true }) })), answering());
    expect(plan(arrangeMigrations(next.byApp, graph))).toEqual([{ key: 'blog.0008_author_bio', dependencies: ['blog.0007_x'], operations: ['Add field bio to author'] }]);
    expect(plan(arrangeMigrations(next.byApp, graph, { name: 'bio' }))[0].key).toBe('blog.0008_bio');
  });

  it('suggests names like Django', () => {
    expect(suggestName([o.AddField({ modelName: 'post', name: 'slug', field: f.SlugField() })], false)).toBe('post_slug');
    expect(suggestName([o.RemoveField({ modelName: 'post', name: 'body' })], false)).toBe('remove_post_body');
    expect(suggestName([o.CreateModel({ name: 'Tag', fields: [] }), o.AddField({ modelName: 'post', name: 'tags', field: f.TextField() })], false)).toBe('tag_post_tags');
    expect(suggestName([o.AddField({ modelName: 'post', name: 'a', field: f.TextField() }), o.RemoveField({ modelName: 'post', name: 'b' })], false)).toBe('auto');
    expect(suggestName([o.RunSQL({ sql: 'SELECT 1' })], false)).toBe('auto');
    const many = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'].map((name) => o.AddField({ modelName: 'article', name, field: f.TextField() }));
    const name = suggestName(many, false);
    expect(name).toMatch(/_and_more$/);
    expect(name.length).toBeLessThanOrEqual(59);
  });

  it('depends on the leaf of another app for a relation to a model it has', async () => {
    const user = model('auth', 'User', { username: f.CharField({ maxLength: 50 }) });
    const graph = graphOf([migration('auth', '0001_initial', [o.CreateModel({ name: 'User', fields: [...user.fields] })]), migration('auth', '0002_more', [], [['auth', '0001_initial']])]);
    const changes = await detectChanges(graph.state(), state(user, model('blog', 'Post', { author: f.ForeignKey('auth.User', { onDelete: 'CASCADE' }) })), answering());
    expect(plan(arrangeMigrations(changes.byApp, graph))).toEqual([{ key: 'blog.0001_initial', dependencies: ['auth.0002_more'], operations: ['Create model Post'] }]);
  });

  it('depends on the new migration of another app that creates the model it points at', async () => {
    const changes = await detectChanges(state(), state(model('blog', 'Post', { author: f.ForeignKey('people.Person', { onDelete: 'CASCADE' }) }), model('people', 'Person', {})), answering());
    const planned = arrangeMigrations(changes.byApp, graphOf([]));
    expect(plan(planned)).toEqual([
      { key: 'people.0001_initial', dependencies: [], operations: ['Create model Person'] },
      { key: 'blog.0001_initial', dependencies: ['people.0001_initial'], operations: ['Create model Post'] },
    ]);
    // Asking for blog alone still writes what it needs.
    expect(keepApps(planned, ['blog']).map((m) => m.app)).toEqual(['people', 'blog']);
    expect(keepApps(planned, ['people']).map((m) => m.app)).toEqual(['people']);
  });

  it('splits a foreign key cycle between apps over two migrations', async () => {
    const a = model('alpha', 'A', { b: f.ForeignKey('beta.B', { onDelete: 'CASCADE' }) });
    const b = model('beta', 'B', { a: f.ForeignKey('alpha.A', { onDelete: 'CASCADE' }) });
    const changes = await detectChanges(state(), state(a, b), answering());
    const planned = arrangeMigrations(changes.byApp, graphOf([]));
    expect(plan(planned)).toEqual([
      { key: 'alpha.0001_initial', dependencies: [], operations: ['Create model A'] },
      { key: 'beta.0001_initial', dependencies: ['alpha.0001_initial'], operations: ['Create model B'] },
      { key: 'alpha.0002_a_b', dependencies: ['alpha.0001_initial', 'beta.0001_initial'], operations: ['Add field b to a'] },
    ]);
    // Replayed in graph order, the migrations give the models' state.
    const graph = graphOf(planned.map((m) => migration(m.app, m.name, m.operations, m.dependencies.map(([x, y]) => [x, y]))));
    expect(graph.state().get('alpha.a').field('b')).toEqual(a.field('b'));
  });

  it('closes a cycle within an app with an AddField after the creates, in one migration', async () => {
    const a = model('blog', 'A', { b: f.ForeignKey('blog.B', { onDelete: 'CASCADE', null: true }) });
    const b = model('blog', 'B', { a: f.ForeignKey('blog.A', { onDelete: 'CASCADE' }) });
    const changes = await detectChanges(state(), state(a, b), answering());
    expect(plan(arrangeMigrations(changes.byApp, graphOf([])))).toEqual([{ key: 'blog.0001_initial', dependencies: [], operations: ['Create model A', 'Create model B', 'Add field b to a'] }]);
  });

  it('refuses to plan on an app with two leaves', async () => {
    const graph = graphOf([migration('blog', '0001_a'), migration('blog', '0002_b', [], [['blog', '0001_a']]), migration('blog', '0002_c', [], [['blog', '0001_a']])]);
    const changes = await detectChanges(state(), state(model('blog', 'X', {})), answering());
    expect(() => arrangeMigrations(changes.byApp, graph)).toThrow('Run `hyper makemigrations --merge`');
  });
});

describe('optimizer', () => {
  const create = () => o.CreateModel({ name: 'Post', fields: [['id', f.BigAutoField({ primaryKey: true })]] });
  const add = (name = 'title', field: f.AnyField = f.CharField({ maxLength: 10 })) => o.AddField({ modelName: 'post', name, field });

  it('folds create then add field into one create', () => {
    const [only, ...rest] = optimize('blog', [create(), add()]);
    expect(rest).toEqual([]);
    expect((only.deconstruct().fields as Array<[string]>).map(([name]) => name)).toEqual(['id', 'title']);
  });

  it('drops create then delete, and add then remove', () => {
    expect(optimize('blog', [create(), add(), o.DeleteModel({ name: 'Post' })])).toEqual([]);
    expect(optimize('blog', [add(), o.RemoveField({ modelName: 'post', name: 'title' })])).toEqual([]);
    expect(optimize('blog', [o.AddIndex({ modelName: 'post', index: { name: 'i', fields: ['title'] } }), o.RemoveIndex({ modelName: 'post', name: 'i' })])).toEqual([]);
  });

  it('turns alter after add into the add, unless the add carried a one-off default', () => {
    const folded = optimize('blog', [add(), o.AlterField({ modelName: 'post', name: 'title', field: f.CharField({ maxLength: 20 }) })]);
    expect(folded.map((op) => op.deconstruct())).toEqual([{ modelName: 'post', name: 'title', field: { type: 'CharField', options: { maxLength: 20 } } }]);
    const oneOff = [add('slug', f.CharField({ maxLength: 5, default: '' })), o.AlterField({ modelName: 'post', name: 'slug', field: f.CharField({ maxLength: 5 }) })];
    expect(optimize('blog', oneOff)).toHaveLength(2);
  });

  it('folds renames, alters and removes on the same field', () => {
    expect(describeAll(optimize('blog', [add(), o.RenameField({ modelName: 'post', oldName: 'title', newName: 'headline' })]))).toEqual(['Add field headline to post']);
    const alter = (n: number) => o.AlterField({ modelName: 'post', name: 'title', field: f.CharField({ maxLength: n }) });
    expect(describeAll(optimize('blog', [alter(1), alter(2), o.RemoveField({ modelName: 'post', name: 'title' })]))).toEqual(['Remove field title from post']);
    expect(describeAll(optimize('blog', [o.RenameField({ modelName: 'post', oldName: 'a', newName: 'b' }), o.RenameField({ modelName: 'post', oldName: 'b', newName: 'c' })]))).toEqual(['Rename field a on post to c']);
  });

  it('does not fold across an operation on the same models, a relation target or raw SQL', () => {
    const fk = o.AddField({ modelName: 'post', name: 'tag', field: f.ForeignKey('blog.Tag', { onDelete: 'CASCADE' }) });
    const tag = o.CreateModel({ name: 'Tag', fields: [['id', f.BigAutoField({ primaryKey: true })]] });
    expect(describeAll(optimize('blog', [create(), tag, fk]))).toEqual(['Create model Post', 'Create model Tag', 'Add field tag to post']);
    expect(describeAll(optimize('blog', [create(), o.RunSQL({ sql: 'SELECT 1' }), add()]))).toEqual(['Create model Post', 'Raw SQL operation', 'Add field title to post']);
    // An unrelated operation in between is passed over.
    expect(describeAll(optimize('blog', [create(), tag, add()]))).toEqual(['Create model Post', 'Create model Tag']);
  });

  it('is used by the autodetector: nothing to fold in a clean diff stays as emitted', async () => {
    const changes = await detectChanges(state(), state(model('blog', 'A', {}), model('blog', 'B', { a: f.ForeignKey('blog.A', { onDelete: 'CASCADE' }) })), answering());
    expect(describeAll(changes.byApp.get('blog'))).toEqual(['Create model A', 'Create model B']);
  });
});
