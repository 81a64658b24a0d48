// QuerySet operations that write: create, getOrCreate, updateOrCreate, bulkCreate,
// bulkUpdate, update, delete.
import { atomic, connections, IntegrityError, routeForWrite } from '../../db';
import { FieldError } from '../errors';
import { boundParameter, Expression, type Resolved } from '../expressions/expression';
import type { AnyField } from '../fields/field';
import { ManyToManyField } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compileUpdate } from './compiler';
import { deleteCascade, primaryKeys } from './deletion';
import { insertInstances } from './insert';
import type { QuerySet } from './query-set';
import type { QueryContext } from './query-context';

/** PostgreSQL takes at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 65535;

export function writeDb(set: QuerySet<Model>): string {
  return set.query.props.db ?? routeForWrite(set.model);
}

/** A value from update({...}), converted through the field as user input is. */
function boundValue(field: AnyField, value: unknown): Resolved {
  return boundParameter(value === null || value === undefined ? null : field.toDb(field.toJs(value)), field);
}

export async function create<M extends Model>(set: QuerySet<M>, values: Record<string, unknown>): Promise<M> {
  const instance = new set.model(values);
  await instance.save({ forceInsert: true, using: writeDb(set as QuerySet<Model>) });
  return instance;
}

/** Lookups (without __) are field values for the new object; defaults add to them. */
function creationValues(lookup: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lookup)) if (!key.includes('__')) values[key] = value;
  return { ...values, ...Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, typeof value === 'function' ? (value as () => unknown)() : value])) };
}

/**
 * Django's spelling, `getOrCreate({ title, defaults: { ... } })`: `defaults` and
 * `createDefaults` taken out of the lookup (unless the model has a field of that
 * name, which Django then filters on too), or given as the arguments after it.
 */
function inlineOptions(
  set: QuerySet<Model>,
  method: string,
  lookup: Record<string, unknown>,
  given: { defaults?: Record<string, unknown>; createDefaults?: Record<string, unknown> },
): { lookup: Record<string, unknown>; defaults: Record<string, unknown>; createDefaults?: Record<string, unknown> } {
  const meta = optionsOf(set.model);
  const out = { lookup: { ...lookup }, defaults: given.defaults ?? {}, createDefaults: given.createDefaults };
  for (const name of ['defaults', 'createDefaults'] as const) {
    if (!Object.prototype.hasOwnProperty.call(lookup, name) || meta.findField(name)) continue;
    if (given[name] !== undefined) throw new FieldError(`${method}() got ${name} twice: in the lookup and as an argument. Give it once.`);
    const value = lookup[name];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FieldError(`${method}(): ${name} must be an object of field values, got ${Array.isArray(value) ? 'an array' : typeof value}.`);
    out[name] = value as Record<string, unknown>;
    delete out.lookup[name];
  }
  return out;
}

export async function getOrCreate<M extends Model>(set: QuerySet<M>, rawLookup: Record<string, unknown>, givenDefaults?: Record<string, unknown>): Promise<[M, boolean]> {
  const { lookup, defaults } = inlineOptions(set as QuerySet<Model>, 'getOrCreate', rawLookup, { defaults: givenDefaults });
  const db = writeDb(set as QuerySet<Model>);
  const DoesNotExist = (set.model as unknown as { DoesNotExist: new (m: string) => Error }).DoesNotExist;
  try {
    return [await set.using(db).get(lookup), false];
  } catch (error) {
    if (!(error instanceof DoesNotExist)) throw error;
  }
  try {
    // In a savepoint, so a lost race (a unique violation) leaves an enclosing transaction usable.
    return [await atomic(() => create(set.using(db), creationValues(lookup, defaults)), { using: db }), true];
  } catch (error) {
    if (error instanceof IntegrityError) {
      try {
        return [await set.using(db).get(lookup), false];
      } catch {
        throw error;
      }
    }
    throw error;
  }
}

export async function updateOrCreate<M extends Model>(
  set: QuerySet<M>,
  rawLookup: Record<string, unknown>,
  givenDefaults?: Record<string, unknown>,
  givenCreateDefaults?: Record<string, unknown>,
): Promise<[M, boolean]> {
  const { lookup, defaults, createDefaults } = inlineOptions(set as QuerySet<Model>, 'updateOrCreate', rawLookup, { defaults: givenDefaults, createDefaults: givenCreateDefaults });
  const db = writeDb(set as QuerySet<Model>);
  return atomic(
    async () => {
      const existing = await set.using(db).selectForUpdate().filter(lookup).slice(0, 2).fetch();
      if (existing.length > 1) return [await set.using(db).get(lookup), false] as [M, boolean];
      if (existing.length === 1) {
        const instance = existing[0] as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(defaults)) instance[key] = typeof value === 'function' ? (value as () => unknown)() : value;
        await (instance as unknown as Model).save({ using: db });
        return [existing[0], false] as [M, boolean];
      }
      return [await create(set.using(db), creationValues(lookup, createDefaults ?? defaults)), true] as [M, boolean];
    },
    { using: db },
  );
}

export async function bulkCreate<M extends Model>(set: QuerySet<M>, objects: M[], options: { batchSize?: number; ignoreConflicts?: boolean } = {}): Promise<M[]> {
  if (!objects.length) return objects;
  const model = set.model as ModelClass;
  const meta = optionsOf(model);
  for (const object of objects) if (object.constructor !== model) throw new FieldError(`bulkCreate() of ${meta.objectName} got a ${object.constructor.name}.`);
  const db = writeDb(set as QuerySet<Model>);
  const perRow = meta.concreteFields.length;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? Infinity, Math.floor(MAX_PARAMETERS / Math.max(perRow, 1))));
  // Objects that already have a key and those that need one go in separate statements.
  const withPk = objects.filter((object) => object.pk !== null && object.pk !== undefined);
  const withoutPk = objects.filter((object) => object.pk === null || object.pk === undefined);
  const batches = [withPk, withoutPk].flatMap((group) => Array.from({ length: Math.ceil(group.length / batchSize) }, (_, index) => group.slice(index * batchSize, (index + 1) * batchSize)));
  const insertAll = async () => {
    for (const batch of batches) await insertInstances(model, batch, db, { ignoreConflicts: options.ignoreConflicts });
  };
  // One INSERT is atomic by itself; several are wrapped so that all or none land.
  if (batches.length === 1) await insertAll();
  else await atomic(insertAll, { using: db });
  return objects;
}

export async function bulkUpdate<M extends Model>(set: QuerySet<M>, objects: M[], fields: string[], options: { batchSize?: number } = {}): Promise<number> {
  if (!fields.length) throw new FieldError('bulkUpdate() needs the names of the fields to update.');
  const meta = optionsOf(set.model as ModelClass);
  const targets = fields.map((name) => meta.getField(name));
  for (const field of targets) if (field.primaryKey || field instanceof ManyToManyField) throw new FieldError(`bulkUpdate() cannot update '${field.name}'.`);
  const db = writeDb(set as QuerySet<Model>);
  let updated = 0;
  const batchSize = options.batchSize ?? 1000;
  const updateAll = async () => {
    for (let start = 0; start < objects.length; start += batchSize) {
      const batch = objects.slice(start, start + batchSize);
      for (const object of batch) if (object.pk === null || object.pk === undefined) throw new FieldError('bulkUpdate() needs objects with a primary key.');
      // UPDATE ... SET col = CASE pk WHEN $1 THEN $2 ... END WHERE pk IN (...), one statement per batch.
      const assignments = targets.map((field) => ({
        field,
        resolved: {
          key: `case(${batch.length})`,
          outputField: field,
          containsAggregate: false,
          compile: (ctx: QueryContext) => {
            const pk = ctx.ref(ctx.baseAlias, meta.pk.column);
            const whens = batch.map((object) => {
              const value = (object as unknown as Record<string, unknown>)[field.attname];
              return ctx.sql`WHEN ${ctx.param(meta.pk.toDb(object.pk))} THEN ${ctx.param(value === null ? null : field.toDb(value))}::${ctx.raw(field.dbType)}`;
            });
            return ctx.sql`CASE ${pk} ${ctx.join(whens, ' ')} END`;
          },
        } satisfies Resolved,
      }));
      const query = set.filter({ pk__in: batch.map((object) => object.pk) }).query.with({ ordering: [] });
      updated += (await connections.get(db).execute(compileUpdate(query, assignments))).rowCount;
    }
  };
  // One UPDATE is atomic by itself; several are wrapped so that all or none apply.
  if (objects.length <= batchSize) await updateAll();
  else await atomic(updateAll, { using: db });
  return updated;
}

/** UPDATE of every matching row: values or expressions (F('views').add(1)); returns the row count. */
export async function update(set: QuerySet<Model>, values: Record<string, unknown>): Promise<number> {
  if (set.query.props.empty) return 0;
  if (set.query.isSliced) throw new FieldError('Cannot update a sliced QuerySet.');
  const meta = optionsOf(set.model);
  const scope = set.query.scope;
  const assignments = Object.entries(values).map(([name, value]) => {
    const field = meta.getField(name);
    if (!field.concrete) throw new FieldError(`update() cannot set the many-to-many field '${name}'.`);
    const resolved = value instanceof Expression ? value.resolve(scope) : boundValue(field, value && typeof value === 'object' && 'pk' in value ? (value as Model).pk : value);
    return { field, resolved };
  });
  if (!assignments.length) return 0;
  const result = await connections.get(writeDb(set)).execute(compileUpdate(set.query.with({ ordering: [] }), assignments));
  return result.rowCount;
}

/** Deletes every matching row (and dependants per onDelete); returns [total, per model]. */
export async function deleteRows(set: QuerySet<Model>): Promise<[number, Record<string, number>]> {
  if (set.query.props.empty) return [0, {}];
  if (set.query.isSliced || set.query.props.distinct) throw new FieldError('Cannot delete a sliced or distinct QuerySet: filter it instead.');
  const db = writeDb(set);
  const pks = await primaryKeys(set.query, db);
  if (!pks.length) return [0, {}];
  const { total, perModel } = await deleteCascade(set.model, pks, db);
  return [total, perModel];
}
