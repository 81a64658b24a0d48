// Post.objects.get({ id: 7 }) and get({ slug: 'x' }): a row by one unique field's
// value, the commonest query of a web app. Once the shape is compiled, a lookup needs
// only its one value converted: no QuerySet, Query, condition or shape key is built
// (building them cost about as much as the rest of the query on the client). Used
// by the plain Manager only, so a manager that narrows its rows goes the usual way.
import { isDeepStrictEqual } from 'node:util';
import { connections, routeForRead } from '../../db';
import { CompilerError } from '../errors';
import type { AnyField } from '../fields/field';
import { RelatedField } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { inOrderShape, verifyCache } from './compile-context';
import { compileSelect, type SelectPlan } from './compiler';
import { getLookup } from './lookups';
import { QuerySet, theOneRow } from './query-set';
import { mapRows } from './row-mapper';

interface UniqueLookup {
  field: AnyField;
  /** The value as get() binds it (the exact lookup's conversion). */
  prepare: (value: unknown) => unknown;
  /** The shape key of the SELECT get() runs for it; undefined until compiled once. */
  key: string | undefined;
}

const lookupsByModel = new WeakMap<ModelClass, Map<string, UniqueLookup | null>>();

/** The lookup for get({ [name]: value }), or null when the name is not one unique, non-relation field. */
function lookupFor(model: ModelClass, name: string): UniqueLookup | null {
  let byName = lookupsByModel.get(model);
  if (!byName) lookupsByModel.set(model, (byName = new Map()));
  let lookup = byName.get(name);
  if (lookup === undefined) {
    const field = name.includes('__') ? undefined : optionsOf(model).findField(name);
    const exact = field && field.unique && field.concrete && !(field instanceof RelatedField) ? getLookup('exact', field) : undefined;
    lookup = exact ? { field: field!, prepare: (value) => exact.prepare(value, field!), key: undefined } : null;
    byName.set(name, lookup);
  }
  return lookup;
}

/**
 * get() of `conditions` by the fast way, or undefined when they are not one unique
 * field's number or string value (or the shape is not compiled yet: the caller's
 * get() compiles it, and the next one comes here).
 */
export function getByUniqueValue(model: ModelClass, conditions: unknown): Promise<Model> | undefined {
  if (conditions === null || typeof conditions !== 'object' || Object.getPrototypeOf(conditions) !== Object.prototype) return undefined;
  let name: string | undefined;
  for (const key in conditions) {
    if (name !== undefined) return undefined;
    name = key;
  }
  if (name === undefined) return undefined;
  const value = (conditions as Record<string, unknown>)[name];
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const lookup = lookupFor(model, name);
  if (!lookup) return undefined;
  if (lookup.key === undefined) {
    // The first time: what get() would run, compiled the usual way; its key names the shape from now on.
    lookup.key = new QuerySet(model).forGet([conditions as Record<string, unknown>]).query.key;
    return undefined;
  }
  const shape = inOrderShape<SelectPlan>('select', lookup.key);
  if (!shape) return undefined;
  const parameters = [lookup.prepare(value)];
  if (verifyCache()) verify(model, conditions as Record<string, unknown>, shape.sql, parameters);
  return run(model, shape.sql, parameters, shape.name, shape.plan, conditions as Record<string, unknown>);
}

async function run(model: ModelClass, sql: string, parameters: unknown[], name: string | undefined, plan: SelectPlan, conditions: Record<string, unknown>): Promise<Model> {
  const db = routeForRead(model);
  const result = await connections.get(db).execute({ sql, parameters }, { name });
  return theOneRow(model, mapRows(plan, result.rows, db) as Model[], [conditions]);
}

/** Under HYPER_VERIFY_SQL_CACHE=1: the statement must be the one get() compiles. */
function verify(model: ModelClass, conditions: Record<string, unknown>, sql: string, parameters: unknown[]): void {
  const { statement } = compileSelect(new QuerySet(model).forGet([conditions]).query);
  if (statement.sql !== sql || !isDeepStrictEqual(statement.parameters, parameters)) {
    throw new CompilerError(`get() by a unique value ran another statement than get() compiles: ${sql} with ${JSON.stringify(parameters)}, against ${statement.sql} with ${JSON.stringify(statement.parameters)}.`);
  }
}
