// The managers behind relation accessors: user.postSet (the posts whose author is the
// user) and post.tags / tag.posts (many-to-many). Each is the QuerySet of the related
// rows plus add/create/remove/clear/set.
import { atomic, connections } from '../../db';
import { FieldError } from '../errors';
import { ForeignKey, ManyToManyField } from '../fields/related';
import type { Model } from '../model/model';
import { stateOf, type RelatedManagerFactory } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { m2mChanged } from '../signals';
import { compileDelete, compileInsert } from './compiler';
import { defaultQuerySet } from './manager';
import { throughKeys } from './path';
import { filteredQuery } from './where';
import { QuerySet } from './query-set';
import type { Conditions } from './row-types';
import { writeDb } from './writes';

type AnyModel = Model & Record<string, unknown>;

function requireSaved(instance: Model, what: string): void {
  if (instance.pk === null || instance.pk === undefined) {
    throw new FieldError(`${instance.constructor.name} needs to be saved (have a primary key) before ${what} can be used.`, { code: 'HYPER_ORM_UNSAVED_INSTANCE' });
  }
}

function keyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'pk' in value ? (value as Model).pk : value;
}

/** user.postSet: Post rows whose `author` is the user. */
export class RelatedManager<M extends Model = Model> extends QuerySet<M> {
  constructor(
    readonly instance: Model,
    model: ModelClass<M>,
    readonly field: ForeignKey,
  ) {
    super(model, defaultQuerySet(model).filter({ [field.name]: instance.pk } as Conditions<M>).query);
    requireSaved(instance, `the relation '${field.relatedName}'`);
    const known = stateOf(instance).related.get(field.relatedName);
    if (Array.isArray(known)) this.knownResults = known as M[];
  }

  create(values: Record<string, unknown> = {}): Promise<M> {
    return super.create({ ...values, [field(this).name]: this.instance });
  }

  /** Points the objects at this instance (saving them; bulk: one UPDATE of their keys). */
  async add(...objects: M[]): Promise<void> {
    for (const object of objects) requireSaved(object, 'add()');
    await new QuerySet(this.model).using(writeDb(this as unknown as QuerySet<Model>)).filter({ pk__in: objects.map((object) => object.pk) }).update({ [this.field.name]: this.instance.pk });
    for (const object of objects) (object as unknown as AnyModel)[this.field.attname] = this.instance.pk;
  }

  /** Unlinks the objects (their key becomes NULL: needs null: true on the foreign key). */
  async remove(...objects: M[]): Promise<void> {
    this.requireNullable('remove');
    await this.filter({ pk__in: objects.map((object) => object.pk) }).update({ [this.field.name]: null });
    for (const object of objects) (object as unknown as AnyModel)[this.field.attname] = null;
  }

  async clear(): Promise<void> {
    this.requireNullable('clear');
    await this.update({ [this.field.name]: null });
  }

  /** Makes exactly these objects point here: adds the missing, removes (unlinks) the others. */
  async set(objects: M[]): Promise<void> {
    this.requireNullable('set');
    const wanted = new Set(objects.map((object) => object.pk));
    await atomic(async () => {
      await this.exclude({ pk__in: [...wanted] }).update({ [this.field.name]: null });
      await this.add(...objects);
    }, { using: writeDb(this as unknown as QuerySet<Model>) });
  }

  private requireNullable(method: string): void {
    if (!this.field.nullable) throw new FieldError(`${method}() would set ${this.field.model!.name}.${this.field.name} to NULL, but it is not null: true; delete the objects instead.`);
  }
}

function field(manager: RelatedManager): ForeignKey {
  return manager.field;
}

/** post.tags (forward) or tag.posts (reverse): rows linked through the pairs table. */
export class ManyRelatedManager<M extends Model = Model> extends QuerySet<M> {
  private readonly sourceColumn: ForeignKey;
  private readonly targetColumn: ForeignKey;

  constructor(
    readonly instance: Model,
    readonly field: ManyToManyField,
    readonly fromTarget: boolean,
  ) {
    const reverse = fromTarget;
    const target = (reverse ? field.model : field.target) as ModelClass<M>;
    const lookup = reverse ? field.name : field.relatedQueryName;
    super(target, defaultQuerySet(target).filter({ [lookup]: instance.pk } as Conditions<M>).query);
    requireSaved(instance, `the many-to-many relation '${reverse ? field.relatedName : field.name}'`);
    const [toSource, toTarget] = throughKeys(field);
    [this.sourceColumn, this.targetColumn] = reverse ? [toTarget, toSource] : [toSource, toTarget];
    const known = stateOf(instance).related.get(reverse ? field.relatedName : field.name);
    if (Array.isArray(known)) this.knownResults = known as M[];
  }

  private get through(): ModelClass {
    return this.field.through!;
  }

  private async signal(action: 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear', pks: unknown[] | null): Promise<void> {
    if (m2mChanged.hasListeners(this.through)) await m2mChanged.send(this.through, { instance: this.instance, action, model: this.model, pkSet: pks, using: writeDb(this as unknown as QuerySet<Model>) });
  }

  /** Links objects (or keys); already linked ones are left as they are. */
  async add(...objects: Array<M | unknown>): Promise<void> {
    const pks = [...new Set(objects.map(keyOf))];
    if (pks.some((pk) => pk === null || pk === undefined)) throw new FieldError('add() needs saved objects (with a primary key).');
    if (!pks.length) return;
    const db = writeDb(this as unknown as QuerySet<Model>);
    await this.signal('pre_add', pks);
    const rows = pks.map((pk) => [this.sourceColumn.toDb(this.instance.pk), this.targetColumn.toDb(pk)]);
    await connections.get(db).execute(compileInsert(this.through, [this.sourceColumn, this.targetColumn], rows, [], true));
    await this.signal('post_add', pks);
  }

  async remove(...objects: Array<M | unknown>): Promise<void> {
    const pks = [...new Set(objects.map(keyOf))];
    if (!pks.length) return;
    await this.signal('pre_remove', pks);
    await this.deletePairs({ [`${this.targetColumn.name}__in`]: pks });
    await this.signal('post_remove', pks);
  }

  async clear(): Promise<void> {
    await this.signal('pre_clear', null);
    await this.deletePairs({});
    await this.signal('post_clear', null);
  }

  /** Makes exactly these objects linked. */
  async set(objects: Array<M | unknown>): Promise<void> {
    const wanted = [...new Set(objects.map(keyOf))];
    await atomic(async () => {
      const current = (await this.valuesList('pk', { flat: true }).fetch()) as unknown as unknown[];
      const missing = wanted.filter((pk) => !current.some((have) => have === pk));
      const extra = current.filter((pk) => !wanted.some((want) => want === pk));
      if (extra.length) await this.remove(...extra);
      if (missing.length) await this.add(...missing);
    }, { using: writeDb(this as unknown as QuerySet<Model>) });
  }

  create(values: Record<string, unknown> = {}): Promise<M> {
    return atomic(async () => {
      const created = await new QuerySet(this.model).using(writeDb(this as unknown as QuerySet<Model>)).create(values);
      await this.add(created);
      return created;
    }, { using: writeDb(this as unknown as QuerySet<Model>) });
  }

  private async deletePairs(extra: Record<string, unknown>): Promise<void> {
    const query = filteredQuery(this.through, { [this.sourceColumn.name]: this.instance.pk, ...extra }, { unordered: true });
    await connections.get(writeDb(this as unknown as QuerySet<Model>)).execute(compileDelete(query));
  }
}

/** What the model layer's accessors (`user.postSet`, `post.tags`) build; installed by src/orm/install.ts. */
export const relatedManagerFactory: RelatedManagerFactory = {
  reverse: (instance, model, fk) => new RelatedManager(instance as Model, model, fk),
  manyToMany: (instance, m2m, reverse) => new ManyRelatedManager(instance as Model, m2m, reverse),
};
