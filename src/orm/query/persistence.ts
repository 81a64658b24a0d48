// Saving, deleting, refreshing and loading relations of single instances; installed
// into the model layer's `persistence` slot (src/orm/install.ts), since models sit below queries.
import { connections, routeForRead, routeForWrite } from '../../db';
import { FieldError } from '../errors';
import type { AnyField } from '../fields/field';
import { ForeignKey } from '../fields/related';
import { Model, type Persistence, type SaveOptions } from '../model/model';
import { optionsOf, prepareAllModels, stateOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { postSave, preSave } from '../signals';
import { boundParameter } from '../expressions/expression';
import { compileSelect, compileUpdate } from './compiler';
import { deleteCascade } from './deletion';
import { insertInstances, isGeneratedPk } from './insert';
import { filteredQuery } from './where';
import { QuerySet } from './query-set';
import { mapRows } from './row-mapper';

type Row = Record<string, unknown>;

const byPk = (model: ModelClass, pk: unknown) => filteredQuery(model, { pk }, { unordered: true });

type FileFieldWithCommit = AnyField & { commitPending(instance: object): Promise<void> };
const fileFields = new WeakMap<object, FileFieldWithCommit[]>();

/** The fields that store uploads on save, worked out once per model. */
function fileFieldsOf(meta: ReturnType<typeof optionsOf>): FileFieldWithCommit[] {
  let found = fileFields.get(meta);
  if (!found) {
    found = meta.concreteFields.filter((field): field is FileFieldWithCommit => typeof (field as { commitPending?: unknown }).commitPending === 'function');
    fileFields.set(meta, found);
  }
  return found;
}

/** UPDATE of one instance's fields; returns the number of rows changed (0 when it no longer exists). */
async function updateInstance(instance: Model, fields: readonly AnyField[], db: string): Promise<number> {
  const model = instance.constructor as ModelClass;
  const self = instance as unknown as Row;
  const assignments = fields.map((field) => {
    const value = field.preSave(self[field.attname] as never, false);
    self[field.attname] = value;
    const bound = value === null || value === undefined ? null : field.toDb(value);
    return { field, resolved: boundParameter(bound, field) };
  });
  if (!assignments.length) return 1;
  const result = await connections.get(db).execute(compileUpdate(byPk(model, instance.pk), assignments));
  return result.rowCount;
}

async function save(instance: Model, options: SaveOptions): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = optionsOf(model);
  const state = stateOf(instance);
  const db = options.using ?? state.db ?? routeForWrite(model);
  if (options.forceInsert && options.forceUpdate) throw new FieldError('save(): forceInsert and forceUpdate cannot both be true.');
  const updateFields = options.updateFields ?? null;
  if (updateFields) {
    if (state.adding) throw new FieldError('save({ updateFields }) needs an object that is already saved.');
    updateFields.forEach((name) => meta.getField(name));
  }
  for (const field of meta.concreteFields) {
    // A related object assigned before it was saved would leave its key null.
    if (field instanceof ForeignKey && state.related.has(field.name)) {
      const related = state.related.get(field.name) as Model | null;
      if (related && (related.pk === null || related.pk === undefined)) {
        throw new FieldError(`save() prohibited to prevent data loss due to unsaved related object '${field.name}'.`, { code: 'HYPER_ORM_UNSAVED_RELATED' });
      }
      if (related) (instance as unknown as Row)[field.attname] = related.pk;
    }
  }
  if (preSave.hasListeners(model)) await preSave.send(model, { instance, raw: false, using: db, updateFields });
  // An upload assigned to a file field is stored before its name is written (Django's FileField.pre_save).
  for (const field of fileFieldsOf(meta)) await field.commitPending(instance);
  let created = false;
  if (options.forceInsert || (state.adding && !options.forceUpdate)) {
    await insertInstances(model, [instance], db);
    created = true;
  } else {
    const fields = meta.concreteFields.filter((field) => !field.primaryKey && (!updateFields || updateFields.some((name) => meta.getField(name) === field)));
    const changed = await updateInstance(instance, fields, db);
    if (changed === 0) {
      if (options.forceUpdate || updateFields) throw new FieldError(`save(): ${meta.objectName} ${String(instance.pk)} did not update any row (it no longer exists).`, { code: 'HYPER_ORM_NOTHING_UPDATED' });
      await insertInstances(model, [instance], db);
      created = true;
    }
    state.db = db;
    state.adding = false;
  }
  if (postSave.hasListeners(model)) await postSave.send(model, { instance, created, raw: false, using: db, updateFields });
}

async function deleteInstance(instance: Model, options: { using?: string }): Promise<number> {
  const model = instance.constructor as ModelClass;
  if (instance.pk === null || instance.pk === undefined) {
    throw new FieldError(`${optionsOf(model).objectName} object can't be deleted because its primary key is not set.`);
  }
  const db = options.using ?? stateOf(instance).db ?? routeForWrite(model);
  const { total } = await deleteCascade(model, [instance.pk], db, [instance]);
  // Django clears the key, so a second save() inserts a new row.
  instance.pk = null;
  stateOf(instance).adding = true;
  return total;
}

async function refresh(instance: Model, options: { fields?: string[]; using?: string }): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = optionsOf(model);
  const db = options.using ?? stateOf(instance).db ?? routeForRead(model);
  const { statement, plan } = compileSelect(byPk(model, instance.pk));
  const rows = mapRows(plan, (await connections.get(db).execute(statement)).rows, db) as Model[];
  if (!rows.length) throw new (model as unknown as { DoesNotExist: new (m: string) => Error }).DoesNotExist(`${meta.objectName} ${String(instance.pk)} no longer exists.`);
  const fresh = rows[0] as unknown as Row;
  const fields = options.fields ? options.fields.map((name) => meta.getField(name)) : meta.concreteFields;
  for (const field of fields) {
    (instance as unknown as Row)[field.attname] = fresh[field.attname];
    stateOf(instance).related.delete(field.name);
  }
  stateOf(instance).db = db;
}

/** `await post.related('author')`, `await user.related('profile')`, `await user.related('postSet')`. */
async function related(instance: Model, name: string): Promise<unknown> {
  const model = instance.constructor as ModelClass;
  const meta = optionsOf(model);
  const state = stateOf(instance);
  const field = meta.findField(name);
  const db = state.db ?? routeForRead(model);
  if (field instanceof ForeignKey) {
    if (state.related.has(field.name)) return state.related.get(field.name);
    const key = (instance as unknown as Row)[field.attname];
    // The whole table, not the default manager's rows, as Django's base manager: a book's author is found even if objects hides it.
    const target = key === null ? null : await new QuerySet(optionsOf(field.target).model).using(db).get({ pk: key });
    state.related.set(field.name, target);
    return target;
  }
  prepareAllModels();
  const reverse = meta.findReverse(name);
  if (!field && !reverse) throw new FieldError(`${meta.objectName} has no relation named '${name}'. Choices are: ${meta.fieldNames().join(', ')}.`, { code: 'HYPER_ORM_UNKNOWN_RELATION' });
  const accessor = reverse ? reverse.accessorName : name;
  if (reverse?.single) {
    if (state.related.has(accessor)) return state.related.get(accessor);
    const rows = await new QuerySet(reverse.model).using(db).filter({ [reverse.field.name]: instance.pk });
    const found = rows[0] ?? null;
    state.related.set(accessor, found);
    return found;
  }
  const rows = await (instance as unknown as Record<string, { all(): PromiseLike<unknown[]> }>)[accessor].all();
  return rows;
}

/** Fields (and unique sets) whose value another row already has: { field: [message] }. */
async function validateUnique(instance: Model, exclude: string[]): Promise<Record<string, string[]>> {
  const model = instance.constructor as ModelClass;
  const meta = optionsOf(model);
  const self = instance as unknown as Row;
  const errors: Record<string, string[]> = {};
  const checks: Array<{ names: string[]; report: string }> = [];
  for (const field of meta.concreteFields) {
    if (field.unique && !exclude.includes(field.name) && !(field.primaryKey && isGeneratedPk(field, self[field.attname]))) checks.push({ names: [field.name], report: field.name });
  }
  for (const names of meta.uniqueTogether) if (!names.some((name) => exclude.includes(name))) checks.push({ names, report: '__all__' });
  for (const constraint of meta.constraints) {
    if (constraint.kind === 'unique' && !constraint.condition && !constraint.fields.some((name) => exclude.includes(name))) checks.push({ names: constraint.fields, report: '__all__' });
  }
  const manager = (model as unknown as { objects: { using(db: string): { filter(c: object): { exclude(c: object): { exists(): Promise<boolean> }; exists(): Promise<boolean> } } } }).objects;
  const db = stateOf(instance).db ?? routeForRead(model);
  for (const check of checks) {
    const conditions = Object.fromEntries(check.names.map((name) => [meta.getField(name).attname, self[meta.getField(name).attname]]));
    if (Object.values(conditions).some((value) => value === null || value === undefined)) continue;
    let others = manager.using(db).filter(conditions);
    if (!stateOf(instance).adding && instance.pk !== null) others = others.exclude({ pk: instance.pk }) as typeof others;
    if (await others.exists()) {
      const label = check.names.length === 1 ? capitalize(meta.getField(check.names[0]).options.verboseName ?? check.names[0]) : check.names.join(' and ');
      (errors[check.report] ??= []).push(`${capitalize(meta.verboseName)} with this ${label} already exists.`);
    }
  }
  return errors;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A single instance's save, delete, refresh and relations, for the model layer; src/orm/install.ts adds the manager. */
export const instancePersistence: Omit<Persistence, 'manager'> = { save, delete: deleteInstance, refresh, related, validateUnique };
