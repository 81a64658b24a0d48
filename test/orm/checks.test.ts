// Model system checks, over models registered to an app.
import { configure, resetSettings } from '../../src/conf/settings';
import { CharField, ForeignKey, IntegerField, model, registerModel, resetModelRegistry } from '../../src/orm';
import { checkModels } from '../../src/orm/checks';

beforeEach(() => {
  resetSettings();
  resetModelRegistry();
  configure({ SECRET_KEY: 'x' });
});

const run = () => checkModels({ appConfigs: null, settings: configure({ SECRET_KEY: 'x' }), databases: [] }).map((message) => `${message.id} ${message.objectName}: ${message.msg}`);

describe('model checks', () => {
  it('finds primary key, name, relation and ordering problems', () => {
    class TwoKeys extends model({ a: IntegerField({ primaryKey: true }), b: IntegerField({ primaryKey: true }) }) {}
    class FakeId extends model({ id: IntegerField() }) {}
    class Reserved extends model({ save: CharField({ maxLength: 5 }) }) {}
    class Dangling extends model({ owner: ForeignKey('shop.Nobody', { onDelete: 'CASCADE' }) }) {}
    class BadOrder extends model({ name: CharField({ maxLength: 5 }) }, { ordering: ['-nmae'] }) {}
    for (const cls of [TwoKeys, FakeId, Reserved, Dangling, BadOrder]) registerModel(cls, 'shop');
    expect(run()).toEqual([
      'models.E026 shop.TwoKeys: The model cannot have more than one primary key (a, b).',
      "models.E004 shop.FakeId: 'id' can only be used as a field name if the field also sets primaryKey: true.",
      "models.E020 shop.Reserved.save: The field name 'save' is reserved: every model has a property or method of that name.",
      "fields.E300 shop.Dangling.owner: The field Dangling.owner points at a model that is not installed: No model 'shop.Nobody' is installed.",
      "models.E015 shop.BadOrder: 'ordering' refers to the nonexistent field, related field, or lookup '-nmae'.",
    ]);
  });

  it('finds reverse accessors that clash with each other or with a field', () => {
    class Person extends model({ posts: IntegerField() }) {}
    class Entry extends model({
      writer: ForeignKey(() => Person, { onDelete: 'CASCADE', relatedName: 'entries' }),
      reviewer: ForeignKey(() => Person, { onDelete: 'CASCADE', relatedName: 'entries' }),
      poster: ForeignKey(() => Person, { onDelete: 'CASCADE', relatedName: 'posts' }),
    }) {}
    registerModel(Person, 'shop');
    registerModel(Entry, 'shop');
    expect(run()).toEqual([
      "fields.E304 shop.Entry.reviewer: Reverse accessor 'Person.entries' for 'shop.Entry.reviewer' clashes with the reverse accessor for 'shop.Entry.writer'.",
      "fields.E302 shop.Entry.poster: Reverse accessor 'Person.posts' for 'shop.Entry.poster' clashes with the field 'Person.posts'.",
    ]);
  });

  it('passes a sound model, including relations to itself and by bare name', () => {
    class Fine extends model({ name: CharField({ maxLength: 5 }), parent: ForeignKey('self', { onDelete: 'CASCADE', null: true, relatedName: 'children' }) }, { ordering: ['name', '-id'] }) {}
    class Other extends model({ fine: ForeignKey('Fine', { onDelete: 'CASCADE' }) }) {}
    registerModel(Fine, 'shop');
    registerModel(Other, 'shop');
    expect(run()).toEqual([]);
  });
});
