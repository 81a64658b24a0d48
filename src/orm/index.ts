// src/orm: Django's ORM in TypeScript: models and fields, QuerySets compiled to SQL
// through Kysely (each query shape once), lookups and expressions, relations, signals.
// The public entry point is hyperdjango/db, which also re-exports the src/db layer.
import { installOrm } from './install';
import './checks';
import type { FieldMap, ModelConstructor } from './model/instance-types';
import { createModelClass, Model } from './model/model';
import type { ModelMeta } from './model/types';

// Explicitly, in one place: the query layer under the model layer (see install.ts).
installOrm();

/**
 * Declares a model: `export class Post extends model({ title: CharField({ maxLength: 200 }) }) {}`.
 * Instances are typed from the fields; a BigAutoField `id` is added unless a field is the primary key.
 */
export function model<const F extends FieldMap>(fields: F, meta: ModelMeta = {}): ModelConstructor<F> {
  return createModelClass(Model, fields, meta) as unknown as ModelConstructor<F>;
}

export { Model } from './model/model';
export type { SaveOptions } from './model/model';
export type { Instance, InitialValues, ModelConstructor, FieldMap, FieldNamesOf, ColumnsOf } from './model/instance-types';
export type { ModelClass, ModelMeta, IndexDefinition, ConstraintDefinition } from './model/types';
export { Index, UniqueConstraint, CheckConstraint } from './model/types';
export { Options } from './model/options';
export { optionsOf, prepareAllModels } from './model/prepare';
export { getModel, allModels, registerModel, isModelClass, resetModelRegistry } from './model/registry';
export * from './fields';
export { FieldError, ValidationError, ObjectDoesNotExist, MultipleObjectsReturned, RelatedObjectNotLoaded, ProtectedError, RestrictedError, CompilerError } from './errors';
export { QuerySet } from './query/query-set';
export type { AnnotationValue, AnnotationValues, Conditions, LookupKey, ValuesRow, ValuesTuple } from './query/row-types';
export { Manager } from './query/manager';
export { RelatedManager, ManyRelatedManager } from './query/related-managers';
export { registerLookup, registerTransform } from './query/lookups';
export type { Lookup, Transform } from './query/lookups';
export { clearShapeCache, shapeCacheSize } from './query/compile-context';
export { Expression, OrderBy } from './expressions/expression';
export { Aggregate } from './expressions/aggregates';

// Callable without `new`: Q({...}), F('views'), Count('id').
import { callable } from './callable';
import * as aggregates from './expressions/aggregates';
import * as expressions from './expressions/expression';
import * as functions from './expressions/functions';
import * as conditions from './expressions/q';
import * as querySets from './query/query-set';
import * as subqueries from './expressions/subquery';
export const Q = callable(conditions.Q);
export const F = callable(expressions.F);
export const Value = callable(expressions.Value);
export const Count = callable(aggregates.Count);
export const Sum = callable(aggregates.Sum);
export const Avg = callable(aggregates.Avg);
export const Min = callable(aggregates.Min);
export const Max = callable(aggregates.Max);
export const StdDev = callable(aggregates.StdDev);
export const Variance = callable(aggregates.Variance);
export const Func = callable(functions.Func);
export const Lower = callable(functions.Lower);
export const Upper = callable(functions.Upper);
export const Length = callable(functions.Length);
export const Coalesce = callable(functions.Coalesce);
export const Concat = callable(functions.Concat);
export const Now = callable(functions.Now);
export const Cast = callable(functions.Cast);
export const Case = callable(functions.Case);
export const When = callable(functions.When);
export const RawSQL = callable(functions.RawSQL);
export const ExpressionWrapper = callable(functions.ExpressionWrapper);
export const Prefetch = callable(querySets.Prefetch);
export const Subquery = callable(subqueries.Subquery);
export const OuterRef = callable(subqueries.OuterRef);
export const Exists = callable(subqueries.Exists);
export { Signal, preSave, postSave, preDelete, postDelete, m2mChanged, classPrepared, postMigrate } from './signals';
export { createTables, dropTables, createTableStatements, columnDefinition } from './schema/create-tables';
export {
  atomic,
  onCommit,
  inAtomicBlock,
  markForRollback,
  connections,
  DatabaseError,
  IntegrityError,
  DataError,
  OperationalError,
  ProgrammingError,
  NotSupportedError,
  TransactionManagementError,
} from '../db';
export type { RouterHints } from '../db';
/** A database router as DATABASE_ROUTERS takes it: dbForRead(model) gets a model class (model._meta.appLabel). */
export type DatabaseRouter = import('../db').DatabaseRouter<typeof import('./model/model').Model>;
