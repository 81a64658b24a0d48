// The autodetector: every operation kind, renames (yes, no, by flag, --noinput),
// one-off defaults, and the order of what it emits. Pure: no database.
import * as f from '../../src/orm/fields';
import { detectChanges } from '../../src/orm/migrations/autodetector';
import { MigrationQuestioner, parseAnswers } from '../../src/orm/migrations/questioner';
import { NeedsInputError } from '../../src/management/errors';
import { answering, canonical, describeAll, model, replay, state } from './autodetector-support';

const author = (extra = {}) => model('blog', 'Author', { name: f.CharField({ maxLength: 50 }), ...extra });
const post = (extra = {}, options = {}) => model('blog', 'Post', { title: f.CharField({ maxLength: 200 }), author: f.ForeignKey('blog.Author', { onDelete: 'CASCADE' }), ...extra }, options);

async function diff(from: ReturnType<typeof state>, to: ReturnType<typeof state>, questioner = answering()) {
  const changes = await detectChanges(from, to, questioner);
  // Whatever it emits must take the old state to the new one (added fields come last).
  expect(canonical(replay(from, changes.byApp), true)).toBe(canonical(to, true));
  return changes;
}

describe('autodetector', () => {
  it('creates new models, each after the models it points at', async () => {
    const changes = await diff(state(), state(post(), author()));
    expect(describeAll(changes.byApp.get('blog'))).toEqual(['Create model Author', 'Create model Post']);
  });

  it('deletes models, after removing the relations that point at them', async () => {
    const other = model('blog', 'Note', { text: f.TextField(), post: f.ForeignKey('blog.Post', { onDelete: 'CASCADE' }) });
    const changes = await diff(state(author(), post(), other), state(author(), model('blog', 'Note', { text: f.TextField() })));
    expect(describeAll(changes.byApp.get('blog'))).toEqual(['Remove field post from note', 'Delete model Post']);
  });

  it('adds, removes and alters fields', async () => {
    const before = state(author(), post({ body: f.TextField() }));
    const after = state(author(), post({ summary: f.TextField({ null: true }) }).with({ fields: post({ summary: f.TextField({ null: true }) }).fields.map(([name, spec]) => [name, name === 'title' ? { ...spec, options: { maxLength: 300 } } : spec] as const) }));
    const changes = await diff(before, after);
    expect(describeAll(changes.byApp.get('blog'))).toEqual(['Remove field body from post', 'Add field summary to post', 'Alter field title on post']);
  });

  it('asks a one-off default for a new NOT NULL field of an existing model, and keeps the field without it', async () => {
    const questioner = answering({ default: '' });
    const changes = await diff(state(author(), post()), state(author(), post({ slug: f.SlugField({ maxLength: 50 }) })), questioner);
    expect(questioner.asked).toEqual(['default blog.Post.slug']);
    const [add, alter] = changes.byApp.get('blog')!;
    expect(add.deconstruct()).toEqual({ modelName: 'post', name: 'slug', field: { type: 'SlugField', options: { dbIndex: true, default: '', maxLength: 50 } } });
    expect(alter.deconstruct()).toEqual({ modelName: 'post', name: 'slug', field: { type: 'SlugField', options: { dbIndex: true, maxLength: 50 } } });
  });

  it('asks nothing for fields that need no default', async () => {
    const questioner = answering();
    await diff(state(author(), post()), state(author(), post({ a: f.IntegerField({ default: 0 }), b: f.TextField({ null: true }), c: f.DateTimeField({ autoNowAdd: true }), d: f.ManyToManyField('blog.Author', {}) })), questioner);
    expect(questioner.asked).toEqual([]);
  });

  it('under --noinput names the default question and the flag that answers it', async () => {
    const run = detectChanges(state(author(), post()), state(author(), post({ slug: f.SlugField() })), new MigrationQuestioner());
    await expect(run).rejects.toThrow(NeedsInputError);
    await expect(run).rejects.toMatchObject({ exitCode: 3 });
    await expect(run).rejects.toThrow(
      `The new field post.slug is NOT NULL and has no default, so existing rows need a value: give it with --default blog.Post.slug="''" (any JS literal), give the field a default or null: true, or run it in a terminal without --noinput to be asked.`,
    );
    const answered = await detectChanges(state(author(), post()), state(author(), post({ slug: f.SlugField() })), new MigrationQuestioner(parseAnswers([], ["blog.Post.slug='x'"])));
    expect((answered.byApp.get('blog')![0].deconstruct().field as { options: object }).options).toMatchObject({ default: 'x' });
  });

  describe('field renames', () => {
    const before = state(author(), post());
    const after = state(author(), model('blog', 'Post', { headline: f.CharField({ maxLength: 200 }), author: f.ForeignKey('blog.Author', { onDelete: 'CASCADE' }) }));

    it('become RenameField when answered yes', async () => {
      const questioner = answering({ rename: true });
      const changes = await diff(before, after, questioner);
      expect(questioner.asked).toEqual(['rename blog.Post.title->headline']);
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Rename field title on post to headline']);
    });

    it('stay a removal and an addition when answered no', async () => {
      const changes = await diff(before, after, answering({ rename: false, default: '' }));
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Remove field title from post', 'Add field headline to post', 'Alter field headline on post']);
    });

    it('are answered by --rename, yes or no, and stop --noinput otherwise', async () => {
      const yes = await detectChanges(before, after, new MigrationQuestioner(parseAnswers(['blog.Post.title=headline'])));
      expect(describeAll(yes.byApp.get('blog'))).toEqual(['Rename field title on post to headline']);
      const no = await detectChanges(before, after, new MigrationQuestioner(parseAnswers(['blog.post.title='], ['blog.Post.headline=""'])));
      expect(describeAll(no.byApp.get('blog'))).toContain('Remove field title from post');
      const run = detectChanges(before, after, new MigrationQuestioner());
      await expect(run).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('Did you rename post.title to post.headline (a CharField)? Answer with --rename blog.Post.title=headline') });
    });

    it('asks through the prompter when there is one', async () => {
      const messages: string[] = [];
      const prompter = { confirm: async (message: string) => (messages.push(message), true), text: async () => '' };
      const changes = await detectChanges(before, after, new MigrationQuestioner(undefined, prompter));
      expect(messages).toEqual(['Did you rename post.title to post.headline (a CharField)? [y/N]']);
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Rename field title on post to headline']);
    });

    it('are not offered when the specs differ beyond the name', async () => {
      const questioner = answering({ rename: true, default: '' });
      const changed = state(author(), model('blog', 'Post', { headline: f.CharField({ maxLength: 100 }), author: f.ForeignKey('blog.Author', { onDelete: 'CASCADE' }) }));
      await diff(before, changed, questioner);
      expect(questioner.asked).toEqual(['default blog.Post.headline']);
    });
  });

  describe('model renames', () => {
    const before = state(author(), post());
    const after = state(model('blog', 'Writer', { name: f.CharField({ maxLength: 50 }) }), model('blog', 'Post', { title: f.CharField({ maxLength: 200 }), author: f.ForeignKey('blog.Writer', { onDelete: 'CASCADE' }) }));

    it('become RenameModel, and relations follow with no AlterField', async () => {
      const questioner = answering({ model: true });
      const changes = await diff(before, after, questioner);
      expect(questioner.asked).toEqual(['rename blog.Author->Writer']);
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Rename model Author to Writer']);
    });

    it('are answered by --rename app.Model=NewName', async () => {
      const changes = await detectChanges(before, after, new MigrationQuestioner(parseAnswers(['blog.Author=Writer'])));
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Rename model Author to Writer']);
    });

    it('stay a create and a delete when answered no', async () => {
      const changes = await diff(before, after, answering({ model: false }));
      expect(describeAll(changes.byApp.get('blog'))).toEqual(['Create model Writer', 'Alter field author on post', 'Delete model Author']);
    });
  });

  it('changes tables, options, indexes and constraints', async () => {
    const index = { name: 'post_title_idx', fields: ['title'] };
    const constraint = { kind: 'check' as const, name: 'post_title_check', check: "title <> ''" };
    const before = state(author(), post({}, { indexes: [index], constraints: [constraint], ordering: ['title'] }));
    const after = state(author(), post({}, { dbTable: 'posts', ordering: ['-id'], indexes: [{ name: 'post_author_idx', fields: ['author'] }], constraints: [{ ...constraint, check: "length(title) > 1" }] }));
    const changes = await diff(before, after);
    expect(describeAll(changes.byApp.get('blog'))).toEqual([
      'Remove index post_title_idx from post',
      'Remove constraint post_title_check from model post',
      'Rename table for post to posts',
      'Change Meta options on post',
      'Create index post_author_idx on author on model post',
      'Create constraint post_title_check on model post',
    ]);
  });

  it('alters uniqueTogether: sets that go before fields are removed, sets that come after fields are added', async () => {
    const before = author({ slug: f.SlugField(), age: f.IntegerField() }).with({ options: { uniqueTogether: [['name', 'slug'], ['name', 'age']] } });
    const after = author({ age: f.IntegerField(), email: f.EmailField({ null: true }) }).with({ options: { uniqueTogether: [['name', 'age'], ['email', 'age']] } });
    const changes = await diff(state(before), state(after), answering({ rename: false }));
    expect(describeAll(changes.byApp.get('blog'))).toEqual([
      'Alter unique_together for author ((name, age))',
      'Remove field slug from author',
      'Add field email to author',
      'Alter unique_together for author ((name, age), (email, age))',
    ]);
    const added = await diff(state(author()), state(author().with({ options: { uniqueTogether: [['id', 'name']] } })));
    expect(describeAll(added.byApp.get('blog'))).toEqual(['Alter unique_together for author ((id, name))']);
    const dropped = await diff(state(author().with({ options: { uniqueTogether: [['id', 'name']] } })), state(author()));
    expect(describeAll(dropped.byApp.get('blog'))).toEqual(['Alter unique_together for author (none)']);
  });

  it('finds nothing when the states agree, whatever the order of keys', async () => {
    const changes = await detectChanges(state(author(), post({}, { ordering: ['title'], dbTable: 'x' })), state(post({}, { dbTable: 'x', ordering: ['title'] }), author()), answering());
    expect(changes.byApp.size).toBe(0);
  });
});
