// The migration graph: order, leaves, conflicts, missing parents, cycles, squashed
// migrations, and state replay. No database.
import { CharField, model, registerModel } from '../../src/orm';
import { Migration, MigrationGraph, operations as o, fields as f, MigrationError, ProjectState } from '../../src/orm/migrations';

function migration(app: string, name: string, dependencies: Array<[string, string]> = [], extra: Partial<ConstructorParameters<typeof Migration>[0]> = {}): Migration {
  const m = new Migration({ dependencies, operations: [], ...extra });
  m.app = app;
  m.name = name;
  return m;
}

const graphOf = (list: Migration[], applied: string[] = []) => new MigrationGraph(new Map(list.map((m) => [m.key, m])), new Set(applied));

describe('MigrationGraph', () => {
  it('orders parents first, finds leaves and conflicts', () => {
    const graph = graphOf([
      migration('blog', '0002_b', [['blog', '0001_a'], ['auth', '0001_initial']]),
      migration('auth', '0001_initial'),
      migration('blog', '0001_a'),
      migration('blog', '0002_c', [['blog', '0001_a']]),
    ]);
    expect(graph.order()).toEqual(['auth.0001_initial', 'blog.0001_a', 'blog.0002_b', 'blog.0002_c']);
    expect(graph.leaves('blog')).toEqual(['blog.0002_b', 'blog.0002_c']);
    expect([...graph.conflicts()]).toEqual([['blog', ['blog.0002_b', 'blog.0002_c']]]);
    expect(graph.ancestors('blog.0002_b')).toEqual(['auth.0001_initial', 'blog.0001_a', 'blog.0002_b']);
    expect(graph.descendants('blog.0001_a')).toEqual(['blog.0001_a', 'blog.0002_b', 'blog.0002_c']);
  });

  it('refuses a missing parent and a cycle, saying which', () => {
    expect(() => graphOf([migration('blog', '0002_x', [['blog', '0001_gone']])])).toThrow(
      "Migration blog.0002_x depends on blog.0001_gone, which does not exist. Check the dependencies of blog.0002_x, or that 'blog' is in INSTALLED_APPS.",
    );
    const cyclic = graphOf([migration('a', '0001', [['b', '0001']]), migration('b', '0001', [['a', '0001']])]);
    expect(() => cyclic.order()).toThrow(MigrationError);
    expect(() => cyclic.order()).toThrow('Circular dependency between migrations: a.0001 -> b.0001 -> a.0001.');
  });

  it('uses a squashed migration unless the ones it replaces are partly applied', () => {
    const list = () => [
      migration('blog', '0001_a'),
      migration('blog', '0002_b', [['blog', '0001_a']]),
      migration('blog', '0001_squashed_0002_b', [], { replaces: [['blog', '0001_a'], ['blog', '0002_b']] }),
      migration('blog', '0003_c', [['blog', '0002_b']]),
    ];
    expect(graphOf(list()).order()).toEqual(['blog.0001_squashed_0002_b', 'blog.0003_c']);
    expect(graphOf(list(), ['blog.0001_a', 'blog.0002_b']).order()).toEqual(['blog.0001_squashed_0002_b', 'blog.0003_c']);
    expect(graphOf(list(), ['blog.0001_a']).order()).toEqual(['blog.0001_a', 'blog.0002_b', 'blog.0003_c']);
  });

  it('replays operations into a state', () => {
    const graph = graphOf([
      migration('blog', '0001_a', [], { operations: [o.CreateModel({ name: 'Post', fields: [['id', f.BigAutoField({ primaryKey: true })], ['title', f.CharField({ maxLength: 5 })]] })] }),
      migration('blog', '0002_b', [['blog', '0001_a']], { operations: [o.RenameField({ modelName: 'Post', oldName: 'title', newName: 'headline' }), o.RenameModel({ oldName: 'Post', newName: 'Article' })] }),
    ]);
    const state = graph.state();
    expect([...state.models.keys()]).toEqual(['blog.article']);
    expect(state.get('blog.Article').fields.map(([name, spec]) => `${name}:${spec.type}`)).toEqual(['id:BigAutoField', 'headline:CharField']);
    expect(graph.state(['blog.0001_a']).get('blog.post').name).toBe('Post');
  });
});

describe('ProjectState.fromModels', () => {
  it('records the declared options that AlterModelOptions carries', () => {
    class Book extends model({ title: CharField({ maxLength: 5 }) }, { verboseName: 'volume', verboseNamePlural: 'volumes', getLatestBy: 'title', ordering: ['title'] }) {}
    registerModel(Book, 'library');
    expect(ProjectState.fromModels([Book]).get('library.book').options).toEqual({ ordering: ['title'], verboseName: 'volume', verboseNamePlural: 'volumes', getLatestBy: 'title' });
  });
});
