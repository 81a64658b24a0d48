// The warnings makemigrations prints about operations that lose data, fail on full
// tables, or lock them while an index builds.
import { fields as f, operations as o, ProjectState } from '../../src/orm/migrations';
import { riskyOperations } from '../../src/orm/migrations/project-changes';

function stateWithPost(): ProjectState {
  const state = new ProjectState();
  o.CreateModel({ name: 'Post', fields: [['id', f.BigAutoField({ primaryKey: true })], ['title', f.CharField({ maxLength: 5, null: true })]] }).stateForwards('blog', state);
  return state;
}

describe('riskyOperations', () => {
  it('warns about index builds, NOT NULL columns and drops on tables that exist', () => {
    const warnings = riskyOperations(
      'blog',
      [
        o.AddField({ modelName: 'Post', name: 'slug', field: f.SlugField({ maxLength: 50 }) }),
        o.AddField({ modelName: 'Post', name: 'views', field: f.IntegerField() }),
        o.AddIndex({ modelName: 'Post', index: { fields: ['title'], name: 'post_title_idx' } }),
        o.AlterField({ modelName: 'Post', name: 'title', field: f.CharField({ maxLength: 5 }) }),
        o.RemoveField({ modelName: 'Post', name: 'views' }),
      ],
      stateWithPost(),
      new Set(['blog.post']),
    );
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Adding blog.post.slug: a NOT NULL column with no default fails on a table that has rows.',
      "Adding blog.post.slug builds an index without CONCURRENTLY, which locks writes to the table while it builds: on a big table, create it with RunSQL('CREATE INDEX CONCURRENTLY ...') in a migration with atomic: false.",
      'Adding blog.post.views: a NOT NULL column with no default fails on a table that has rows.',
      "Creating index post_title_idx on blog.post without CONCURRENTLY locks writes to the table while it builds: on a big table, create it with RunSQL('CREATE INDEX CONCURRENTLY ...') in a migration with atomic: false.",
      'Altering blog.post.title to NOT NULL fails while any row holds NULL in it.',
      'Removing blog.post.views drops its column and the data in it',
    ]);
    expect(warnings.at(-1)!.data).toEqual({ table: 'blog_post', column: 'views' });
  });

  it('says nothing for a table created in the same run', () => {
    expect(riskyOperations('blog', [o.AddIndex({ modelName: 'Post', index: { fields: ['title'], name: 'i' } })], stateWithPost(), new Set())).toEqual([]);
  });
});
