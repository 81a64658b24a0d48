// Each way a migration can go wrong has a code of its own (docs/errors.md), so the
// commands and a project's scripts can branch on it. No database.
import { optionsOf } from '../../src/orm';
import * as f from '../../src/orm/fields';
import type { ForeignKey } from '../../src/orm/fields/related';
import { fieldFromSpec, MigrationError, operations as o, writeMigration } from '../../src/orm/migrations';
import { arrangeMigrations } from '../../src/orm/migrations/arrange';
import { findMigration } from '../../src/orm/migrations/project-migrations';
import { planSquash } from '../../src/orm/migrations/squash';
import { graphOf, migration, model, state } from './autodetector-support';

/** What `act` throws, checked to be a MigrationError. */
function thrownBy(act: () => unknown): MigrationError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return error as MigrationError;
  }
  throw new Error('expected a throw');
}

const codeOf = (act: () => unknown) => thrownBy(act).code;

describe('error codes of migrations', () => {
  it('a field spec the framework cannot rebuild', () => {
    const error = thrownBy(() => fieldFromSpec({ type: 'CharFeild', options: {} }, () => undefined as never));
    expect(error.code).toBe('HYPER_MIGRATION_UNKNOWN_FIELD_TYPE');
    expect(error.message).toMatch(/^Unknown field type 'CharFeild' in a migration\. Did you mean 'CharField'\? A migration names one of the framework's field types: .*\bIntegerField\b/);
    expect(codeOf(() => fieldFromSpec({ type: 'IntegerField', options: { default: { $callable: 'nextNumber' } } }, () => undefined as never))).toBe('HYPER_MIGRATION_UNKNOWN_DEFAULT');
  });

  it('what a migration file cannot hold', () => {
    const unimportable = o.AddField({ modelName: 'post', name: 'tags', field: f.JSONField({ default: (() => new Map()) as never }) });
    expect(codeOf(() => writeMigration({ dependencies: [], operations: [unimportable] }))).toBe('HYPER_MIGRATION_UNSERIALIZABLE_DEFAULT');
    expect(codeOf(() => writeMigration({ dependencies: [], operations: [o.RunCode({ code: () => undefined })] }))).toBe('HYPER_MIGRATION_UNSERIALIZABLE_VALUE');
  });

  it('indexes and models the state does not have', () => {
    const project = state(model('blog', 'Post', { title: f.CharField({ maxLength: 10 }) }));
    expect(codeOf(() => o.AddIndex({ modelName: 'post', index: { fields: ['title'] } as never }))).toBe('HYPER_MIGRATION_INDEX_NAME_REQUIRED');
    expect(codeOf(() => project.get('blog.comment'))).toBe('HYPER_MIGRATION_UNKNOWN_MODEL');
    expect(codeOf(() => project.model('blog.comment'))).toBe('HYPER_MIGRATION_UNKNOWN_MODEL');
    const missing = o.RemoveIndex({ modelName: 'post', name: 'post_title_idx' });
    return expect(missing.databaseForwards('blog', {} as never, project)).rejects.toMatchObject({ name: 'MigrationError', code: 'HYPER_MIGRATION_UNKNOWN_INDEX' });
  });

  it('a relation to a model no dependency brings in', () => {
    const project = state(model('blog', 'Post', { author: f.ForeignKey('auth.User', { onDelete: 'CASCADE' }) }));
    const error = thrownBy(() => (optionsOf(project.model('blog.post')).getField('author') as ForeignKey).target);
    expect(error.code).toBe('HYPER_MIGRATION_MISSING_DEPENDENCY');
  });

  it('an operation without its reverse cannot be unapplied', async () => {
    const project = state();
    await expect(o.RunSQL({ sql: 'SELECT 1' }).databaseBackwards('blog', {} as never)).rejects.toMatchObject({ code: 'HYPER_MIGRATION_IRREVERSIBLE' });
    await expect(o.RunCode({ code: () => undefined }).databaseBackwards('blog', {} as never, project, project)).rejects.toMatchObject({ code: 'HYPER_MIGRATION_IRREVERSIBLE' });
  });

  it('the history: dependencies, conflicts and names', () => {
    expect(codeOf(() => graphOf([migration('blog', '0002_x', [], [['blog', '0001_gone']])]))).toBe('HYPER_MIGRATION_UNKNOWN_DEPENDENCY');
    expect(codeOf(() => graphOf([migration('a', '0001', [], [['b', '0001']]), migration('b', '0001', [], [['a', '0001']])]).order())).toBe('HYPER_MIGRATION_CIRCULAR_DEPENDENCY');
    const forked = graphOf([migration('blog', '0001_a'), migration('blog', '0002_b', [], [['blog', '0001_a']]), migration('blog', '0002_c', [], [['blog', '0001_a']])]);
    expect(codeOf(() => arrangeMigrations(new Map([['blog', [o.DeleteModel({ name: 'Post' })]]]), forked))).toBe('HYPER_MIGRATION_CONFLICT');
    expect(codeOf(() => findMigration(forked, 'blog', '0002'))).toBe('HYPER_MIGRATION_AMBIGUOUS_NAME');
    expect(codeOf(() => findMigration(forked, 'blog', '0003'))).toBe('HYPER_MIGRATION_UNKNOWN_MIGRATION');
    expect(codeOf(() => planSquash(forked, 'blog', '0002_b', '0001_a'))).toBe('HYPER_MIGRATION_INVALID_RANGE');
    expect(codeOf(() => planSquash(forked, 'blog', undefined, '0009'))).toBe('HYPER_MIGRATION_UNKNOWN_MIGRATION');
    expect(codeOf(() => planSquash(forked, 'blog', undefined, '0002'))).toBe('HYPER_MIGRATION_AMBIGUOUS_NAME');
    expect(codeOf(() => planSquash(forked, 'blog', '0001_a', '0001_a', { squashedName: 'a' }))).toBe('HYPER_MIGRATION_NAME_TAKEN');
  });
});
