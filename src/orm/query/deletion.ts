// Deleting rows and what depends on them, per each foreign key's onDelete: CASCADE
// collects the dependants too, PROTECT and RESTRICT refuse, SET_NULL and SET_DEFAULT
// update them, DO_NOTHING leaves them (the database may then refuse). All of it runs
// in one transaction.
import { atomic, connections } from '../../db';
import { ProtectedError, RestrictedError } from '../errors';
import { ForeignKey } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf, prepareAllModels } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { postDelete, preDelete } from '../signals';
import { boundParameter } from '../expressions/expression';
import { compileDelete, compileSelect, compileUpdate } from './compiler';
import { primaryKeysQuery, type Query } from './query';
import { filteredQuery } from './where';

interface Plan {
  /** Rows to delete by model, in the order they were found (dependants after their parents). */
  deletes: Map<ModelClass, Set<unknown>>;
  updates: Array<{ model: ModelClass; field: ForeignKey; value: unknown; pks: unknown[] }>;
}

const MAX_REPORTED = 5;

const queryFor = (model: ModelClass, conditions: Record<string, unknown>) => filteredQuery(model, conditions, { unordered: true });

/** The primary keys of the rows a query matches. */
export async function primaryKeys(query: Query, db: string): Promise<unknown[]> {
  const pk = optionsOf(query.model).pk;
  const { statement } = compileSelect(primaryKeysQuery(query));
  const result = await connections.get(db).execute(statement);
  return result.rows.map((row) => pk.fromDb(Object.values(row)[0]));
}

const pksOf = (model: ModelClass, conditions: Record<string, unknown>, db: string) => primaryKeys(queryFor(model, conditions), db);

async function collect(plan: Plan, model: ModelClass, pks: unknown[], db: string): Promise<void> {
  const seen = plan.deletes.get(model) ?? new Set();
  const fresh = pks.filter((pk) => !seen.has(pk));
  if (!fresh.length) return;
  fresh.forEach((pk) => seen.add(pk));
  plan.deletes.set(model, seen);
  for (const relation of optionsOf(model).reverseRelations) {
    if (relation.manyToMany) {
      // The pairs rows go with the object: the through model's own foreign keys cascade.
      continue;
    }
    const field = relation.field as ForeignKey;
    const conditions = { [`${field.name}__in`]: fresh };
    switch (field.onDelete) {
      case 'DO_NOTHING':
        break;
      case 'CASCADE':
        await collect(plan, relation.model, await pksOf(relation.model, conditions, db), db);
        break;
      case 'PROTECT':
      case 'RESTRICT': {
        const blocking = await pksOf(relation.model, conditions, db);
        const pending = plan.deletes.get(relation.model);
        const left = blocking.filter((pk) => !pending?.has(pk));
        if (left.length) {
          const names = `${optionsOf(relation.model).objectName} ${left.slice(0, MAX_REPORTED).join(', ')}${left.length > MAX_REPORTED ? ', ...' : ''}`;
          const message = `Cannot delete ${optionsOf(model).objectName} ${fresh.slice(0, MAX_REPORTED).join(', ')}: referenced through ${optionsOf(relation.model).objectName}.${field.name} (onDelete ${field.onDelete}) by ${names}.`;
          throw field.onDelete === 'PROTECT' ? new ProtectedError(message, left) : new RestrictedError(message, left);
        }
        break;
      }
      case 'SET_NULL':
      case 'SET_DEFAULT': {
        const dependants = await pksOf(relation.model, conditions, db);
        if (dependants.length) plan.updates.push({ model: relation.model, field, value: field.onDelete === 'SET_NULL' ? null : field.getDefault(), pks: dependants });
        break;
      }
    }
  }
}

/** Deletes the rows of `model` with these primary keys and their dependants; returns the count by model label. */
export async function deleteCascade(model: ModelClass, pks: unknown[], db: string, instances: Model[] = []): Promise<{ total: number; perModel: Record<string, number> }> {
  prepareAllModels();
  return atomic(
    async () => {
      const plan: Plan = { deletes: new Map(), updates: [] };
      await collect(plan, model, pks, db);
      const connection = connections.get(db);
      for (const update of plan.updates) {
        const query = queryFor(update.model, { pk__in: update.pks });
        const value = update.value === null ? null : update.field.toDb(update.value);
        await connection.execute(compileUpdate(query, [{ field: update.field, resolved: boundParameter(value, update.field) }]));
      }
      for (const instance of instances) if (preDelete.hasListeners(model)) await preDelete.send(model, { instance, using: db });
      const perModel: Record<string, number> = {};
      let total = 0;
      // Dependants first, the objects asked for last.
      for (const [target, ids] of [...plan.deletes].reverse()) {
        const result = await connection.execute(compileDelete(queryFor(target, { pk__in: [...ids] })));
        perModel[optionsOf(target).label] = (perModel[optionsOf(target).label] ?? 0) + result.rowCount;
        total += result.rowCount;
      }
      for (const instance of instances) if (postDelete.hasListeners(model)) await postDelete.send(model, { instance, using: db });
      return { total, perModel };
    },
    { using: db },
  );
}
