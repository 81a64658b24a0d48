// Model rows as fixture objects, Django's shape: { model: 'blog.post', pk: 1,
// fields: { ... } }. Rows stream through a server-side cursor as plain value lists
// (no model instances), a batch per FETCH; each batch's many-to-many pairs and
// natural keys are read in one query per relation, so a table of any size is
// written in memory that does not grow with it.
import { connections } from '../../db';
import type { AnyField } from '../fields/field';
import { ForeignKey, ManyToManyField } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compileSelect } from '../query/compiler';
import type { QuerySet } from '../query/query-set';
import { throughKeys } from '../query/path';
import { mapRows } from '../query/row-mapper';
import { SerializationError } from './errors';
import { toFixtureValue } from './field-values';
import { hasNaturalKey, naturalKeyOf } from './natural-keys';

export interface FixtureObject {
  model: string;
  pk?: unknown;
  fields: Record<string, unknown>;
}

export interface SerializeOptions {
  /** The database alias to read. */
  using?: string;
  /** Write foreign keys and many-to-many members by natural key where their model has one. */
  naturalForeign?: boolean;
  /** Leave out the primary key of objects whose model has a natural key (loaddata finds the row by it). */
  naturalPrimary?: boolean;
  /** Rows per cursor fetch and per related-rows query. */
  batchSize?: number;
}

/** Rows per FETCH when dumping: large enough that round trips do not count, small enough to hold a few. */
export const DUMP_BATCH_SIZE = 5000;

/** A many-to-many field whose pairs table was made for it: its pairs belong in the fixture of its model. */
export function isAutoCreatedManyToMany(field: ManyToManyField): boolean {
  return Boolean((field.through as unknown as { autoCreatedFor?: unknown } | undefined)?.autoCreatedFor);
}

/** Whether a model is the pairs table made for a many-to-many field (serialized with that field's model). */
export function isAutoCreatedModel(model: ModelClass): boolean {
  return Boolean((model as unknown as { autoCreatedFor?: unknown }).autoCreatedFor);
}

const managerOf = (model: ModelClass) => (model as unknown as { objects: QuerySet<Model> }).objects;

/**
 * The fixture objects of a QuerySet's rows (all of a model's: Model.objects), in
 * primary-key order, a batch (one cursor fetch) at a time.
 */
export async function* serializeQuerySet(set: QuerySet<Model>, options: SerializeOptions = {}): AsyncGenerator<FixtureObject[]> {
  const model = set.model as ModelClass;
  const meta = optionsOf(model);
  const db = options.using ?? 'default';
  const batchSize = options.batchSize ?? DUMP_BATCH_SIZE;
  const label = `${meta.appLabel}.${meta.modelName}`;
  const fields = meta.concreteFields.filter((field) => !field.primaryKey);
  const manyToMany = meta.manyToManyFields.filter(isAutoCreatedManyToMany);
  const natural = (field: ForeignKey | ManyToManyField) => options.naturalForeign === true && hasNaturalKey(field.target);
  // As Django's: the row is found again by its natural key, so the pk is left out.
  const withPk = !(options.naturalPrimary && hasNaturalKey(model));
  const columns = [meta.pk, ...fields].map((field) => field.attname);
  const { statement, plan } = compileSelect(set.using(db).orderBy('pk').valuesList(...columns).query);
  for await (const rows of connections.get(db).streamBatches<Record<string, unknown>>(statement, batchSize)) {
    // [pk, ...fields] of each row, each value converted by its field's fromDb().
    const tuples = mapRows(plan, rows, db) as unknown[][];
    const keysByField = new Map<AnyField, Map<unknown, unknown[]>>();
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      if (field instanceof ForeignKey && natural(field)) keysByField.set(field, await naturalKeys(field.target, tuples.map((tuple) => tuple[f + 1]), db));
    }
    const pks = tuples.map((tuple) => tuple[0]);
    const pairsByField = new Map<ManyToManyField, Map<unknown, unknown[]>>();
    for (const field of manyToMany) pairsByField.set(field, await members(field, pks, db, natural(field)));
    const objects: FixtureObject[] = new Array(tuples.length);
    for (let r = 0; r < tuples.length; r++) {
      const tuple = tuples[r];
      const out: Record<string, unknown> = {};
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f];
        const value = tuple[f + 1];
        const keys = keysByField.get(field);
        out[field.name] = keys && value !== null ? keys.get(value) : toFixtureValue(field, value);
      }
      for (const field of manyToMany) out[field.name] = pairsByField.get(field)!.get(tuple[0]) ?? [];
      objects[r] = withPk ? { model: label, pk: toFixtureValue(meta.pk, tuple[0]), fields: out } : { model: label, fields: out };
    }
    yield objects;
  }
}

/** Natural keys of the targets with these primary keys. */
async function naturalKeys(target: ModelClass, pks: unknown[], db: string): Promise<Map<unknown, unknown[]>> {
  const wanted = [...new Set(pks.filter((pk) => pk !== null))];
  const found = await managerOf(target).using(db).inBulk(wanted);
  const keys = new Map<unknown, unknown[]>();
  for (const pk of wanted) {
    const instance = found.get(pk);
    if (!instance) throw new SerializationError(`${optionsOf(target).label} with pk ${JSON.stringify(pk)} is referred to but does not exist, so it has no natural key.`);
    keys.set(pk, naturalKeyOf(instance));
  }
  return keys;
}

/** The members of each source's many-to-many set: their primary keys (or natural keys), by source primary key. */
async function members(field: ManyToManyField, sources: unknown[], db: string, natural: boolean): Promise<Map<unknown, unknown[]>> {
  const [source, target] = throughKeys(field);
  const pairs = (await managerOf(field.through!)
    .using(db)
    .filter({ [`${source.name}__in`]: sources })
    .orderBy(source.attname, target.attname)
    .valuesList(source.attname, target.attname)) as unknown as Array<[unknown, unknown]>;
  const keys = natural ? await naturalKeys(field.target, pairs.map(([, member]) => member), db) : undefined;
  const bySource = new Map<unknown, unknown[]>();
  for (const [from, member] of pairs) {
    let list = bySource.get(from);
    if (!list) bySource.set(from, (list = []));
    list.push(keys ? keys.get(member) : toFixtureValue(target, member));
  }
  return bySource;
}
