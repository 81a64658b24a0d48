// INSERT of model instances, shared by an instance's save() (persistence.ts, which
// also runs QuerySets) and a QuerySet's bulkCreate() (writes.ts). It sits below both,
// so that QuerySets and instance persistence do not load each other in a circle.
import { connections } from '../../db';
import type { AnyField } from '../fields/field';
import { AutoField } from '../fields/numeric';
import type { Model } from '../model/model';
import { optionsOf, stateOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compileInsert } from './compiler';

type Row = Record<string, unknown>;

export function isGeneratedPk(field: AnyField, value: unknown): boolean {
  return field instanceof AutoField && (value === null || value === undefined);
}

/** Inserts one or more instances of a model in one statement; sets their generated keys. */
export async function insertInstances(model: ModelClass, instances: Model[], db: string, options: { ignoreConflicts?: boolean } = {}): Promise<void> {
  if (!instances.length) return;
  const meta = optionsOf(model);
  const pkGenerated = instances.every((instance) => isGeneratedPk(meta.pk, instance.pk));
  const fields = meta.concreteFields.filter((field) => !(pkGenerated && field.primaryKey));
  const rows = instances.map((instance) => {
    const self = instance as unknown as Row;
    return fields.map((field) => {
      const value = field.preSave(self[field.attname] as never, true);
      self[field.attname] = value;
      return value === null || value === undefined ? null : field.toDb(value);
    });
  });
  const returning = pkGenerated ? [meta.pk] : [];
  const result = await connections.get(db).execute(compileInsert(model, fields, rows, returning, options.ignoreConflicts));
  instances.forEach((instance, index) => {
    const state = stateOf(instance);
    if (pkGenerated && result.rows[index]) (instance as unknown as Row)[meta.pk.attname] = meta.pk.fromDb(result.rows[index][meta.pk.column]);
    state.adding = false;
    state.db = db;
  });
}
