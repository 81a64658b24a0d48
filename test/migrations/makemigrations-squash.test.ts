// Squashing: one migration for a run of an app's migrations, optimized, with
// `replaces`; both histories give the same state.
import * as f from '../../src/orm/fields';
import { MigrationGraph, operations as o } from '../../src/orm/migrations';
import { planSquash } from '../../src/orm/migrations/squash';
import { canonical, describeAll, migration } from './autodetector-support';

function history() {
  return [
    migration('auth', '0001_initial', [o.CreateModel({ name: 'User', fields: [['id', f.BigAutoField({ primaryKey: true })]] })]),
    migration('blog', '0001_initial', [o.CreateModel({ name: 'Post', fields: [['id', f.BigAutoField({ primaryKey: true })]] })]),
    migration('blog', '0002_post_title', [o.AddField({ modelName: 'post', name: 'title', field: f.CharField({ maxLength: 10 }) })], [['blog', '0001_initial']]),
    migration('blog', '0003_post_author', [o.AddField({ modelName: 'post', name: 'author', field: f.ForeignKey('auth.User', { onDelete: 'CASCADE' }) })], [['blog', '0002_post_title'], ['auth', '0001_initial']]),
    migration('blog', '0004_alter_post_title', [o.AlterField({ modelName: 'post', name: 'title', field: f.CharField({ maxLength: 20 }) })], [['blog', '0003_post_author']]),
  ];
}

const graphOf = (list: ReturnType<typeof history>, applied: string[] = []) => new MigrationGraph(new Map(list.map((m) => [m.key, m])), new Set(applied));

describe('squashmigrations planning', () => {
  it('squashes from the first migration to END into one optimized migration', () => {
    const plan = planSquash(graphOf(history()), 'blog', undefined, '0004');
    expect(plan.name).toBe('0001_squashed_0004_alter_post_title');
    expect(plan.initial).toBe(true);
    expect(plan.dependencies).toEqual([['auth', '0001_initial']]);
    expect(plan.replaces).toEqual([['blog', '0001_initial'], ['blog', '0002_post_title'], ['blog', '0003_post_author'], ['blog', '0004_alter_post_title']]);
    expect(describeAll(plan.operations)).toEqual(['Create model Post']);
    expect(plan.originalCount).toBe(4);

    const squashed = migration('blog', plan.name, plan.operations, plan.dependencies.map(([a, n]) => [a, n]));
    (squashed as { replaces: unknown }).replaces = plan.replaces;
    const fresh = graphOf([...history(), squashed]);
    const partly = graphOf([...history(), squashed], ['auth.0001_initial', 'blog.0001_initial', 'blog.0002_post_title']);
    expect(fresh.order()).toEqual(['auth.0001_initial', 'blog.0001_squashed_0004_alter_post_title']);
    expect(canonical(fresh.state())).toBe(canonical(graphOf(history()).state()));
    expect(canonical(partly.state())).toBe(canonical(graphOf(history()).state()));
  });

  it('squashes from START, depending on what comes before it, and keeps the order without --no-optimize', () => {
    const plan = planSquash(graphOf(history()), 'blog', '0002', '0004_alter_post_title', { optimize: false, squashedName: 'title_author' });
    expect(plan.name).toBe('0002_title_author');
    expect(plan.initial).toBe(false);
    expect(plan.dependencies).toEqual([['auth', '0001_initial'], ['blog', '0001_initial']]);
    expect(plan.operations).toHaveLength(3);
  });

  it('names the problem with a bad range', () => {
    expect(() => planSquash(graphOf(history()), 'blog', '0004', '0002')).toThrow('comes after the end migration');
    expect(() => planSquash(graphOf(history()), 'blog', undefined, '0009')).toThrow("Cannot find a migration of 'blog' matching '0009'");
    expect(() => planSquash(graphOf(history()), 'blog', undefined, '000')).toThrow('More than one migration');
  });
});
