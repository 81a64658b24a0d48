// Lookups (the `__icontains` in `title__icontains`) and transforms (the `__year` in
// `created__year__gte`). Each lookup turns a column and a value into a condition;
// `variant` names value-dependent changes to the SQL (IS NULL), which are part of the
// query's shape. Custom ones are registered with registerLookup / registerTransform,
// for every field or for a field class and its subclasses.
import { FieldError } from '../errors';
import { Field, type AnyField } from '../fields/field';
import { DateField, DateTimeField, TimeField } from '../fields/temporal';
import { IntegerField } from '../fields/numeric';
import { JSONField } from '../fields/misc';
import { CharField, TextField } from '../fields/text';
import { clearShapeCache, type CompileContext, type Sql } from './compile-context';

export interface Lookup {
  readonly name: string;
  /** Converts the value for binding (with the field's toDb where it applies). */
  prepare(value: unknown, field: AnyField): unknown;
  /** Part of the shape key when the value changes the SQL itself. */
  variant?(value: unknown): string;
  /** The condition; `rhs()` is the bound value (or an expression's SQL), `rhs(i)` its i-th item. */
  sql(ctx: CompileContext, lhs: Sql, rhs: (index?: number) => Sql, value: unknown): Sql;
}

export interface Transform {
  readonly name: string;
  /** The field the transformed value behaves as, for the next lookup (year -> an integer). */
  outputField(field: AnyField): AnyField;
  sql(ctx: CompileContext, lhs: Sql): Sql;
}

const toDb = (value: unknown, field: AnyField) => (value === null || value === undefined ? value : field.toDb(value));
const escapeLike = (value: unknown) => String(value).replace(/[\\%_]/g, (c) => `\\${c}`);

function comparison(name: string, operator: string): Lookup {
  return { name, prepare: toDb, sql: (ctx, lhs, rhs) => ctx.sql`${lhs} ${ctx.raw(operator)} ${rhs()}` };
}

function pattern(name: string, before: string, after: string, insensitive: boolean): Lookup {
  return {
    name,
    prepare: (value) => `${before}${escapeLike(value)}${after}`,
    sql: (ctx, lhs, rhs) => (insensitive ? ctx.sql`${lhs}::text ILIKE ${rhs()}` : ctx.sql`${lhs}::text LIKE ${rhs()}`),
  };
}

// Each field class has its own lookups and transforms, inherited by its subclasses
// (Django's Field.register_lookup): a JSONField's `contains` is containment, a
// CharField's is LIKE. Found by walking the field's prototype chain.
type FieldClass = abstract new (...args: never[]) => AnyField;
/** A field class, or a public factory that names one (CharField). */
export type FieldKind = FieldClass | { readonly fieldClass: FieldClass };

function classOf(kind: FieldKind): FieldClass {
  return 'fieldClass' in kind ? kind.fieldClass : kind;
}

interface Registered {
  lookups: Map<string, Lookup>;
  transforms: Map<string, Transform>;
  /** For names registered as neither: a JSON key, say. */
  fallback?: (name: string, field: AnyField) => Transform | undefined;
}

const registry = new Map<object, Registered>();
/** A lookup or transform's name in the shape key, with its class where it is not the base one: the same name may compile differently. */
const shapeNames = new WeakMap<Lookup | Transform, string>();

function registered(fieldClass: FieldClass): Registered {
  let entry = registry.get(fieldClass.prototype);
  if (!entry) registry.set(fieldClass.prototype, (entry = { lookups: new Map(), transforms: new Map() }));
  return entry;
}

/** The registrations that apply to `field`, its own class first, then each ancestor up to Field. */
function* chainOf(field: AnyField): Generator<Registered> {
  for (let proto = Object.getPrototypeOf(field) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    const entry = registry.get(proto);
    if (entry) yield entry;
  }
}

function shapeName(item: Lookup | Transform, fieldClass: FieldClass): string {
  return fieldClass === Field ? item.name : `${item.name}@${fieldClass.name}`;
}

/**
 * Adds a lookup: `registerLookup(TextField, lookup)` for a field class and its
 * subclasses, or `registerLookup(lookup)` for every field. A subclass's lookup of
 * the same name wins over its ancestors'.
 */
export function registerLookup(lookup: Lookup): void;
export function registerLookup(fieldClass: FieldKind, lookup: Lookup): void;
export function registerLookup(first: FieldKind | Lookup, second?: Lookup): void {
  const [fieldClass, lookup] = second ? [classOf(first as FieldKind), second] : [Field as FieldClass, first as Lookup];
  registered(fieldClass).lookups.set(lookup.name, lookup);
  shapeNames.set(lookup, shapeName(lookup, fieldClass));
  // A cached statement may have been compiled with the lookup this one replaces.
  clearShapeCache();
}

/** Adds a transform, for a field class and its subclasses or (with no class) for every field. */
export function registerTransform(transform: Transform): void;
export function registerTransform(fieldClass: FieldKind, transform: Transform): void;
export function registerTransform(first: FieldKind | Transform, second?: Transform): void {
  const [fieldClass, transform] = second ? [classOf(first as FieldKind), second] : [Field as FieldClass, first as Transform];
  registered(fieldClass).transforms.set(transform.name, transform);
  shapeNames.set(transform, shapeName(transform, fieldClass));
  clearShapeCache();
}

/** What a name that is neither a lookup nor a transform of the class means (a JSONField's keys). */
function registerFallbackTransform(fieldClass: FieldClass, fallback: (name: string, field: AnyField) => Transform | undefined): void {
  registered(fieldClass).fallback = fallback;
}

export function getLookup(name: string, field: AnyField): Lookup | undefined {
  for (const entry of chainOf(field)) {
    const lookup = entry.lookups.get(name);
    if (lookup) return lookup;
  }
  return undefined;
}

/** A registered transform of the field's class, else what the class makes of the name (a JSON key), else undefined. */
export function getTransform(name: string, field: AnyField): Transform | undefined {
  for (const entry of chainOf(field)) {
    const transform = entry.transforms.get(name);
    if (transform) return transform;
  }
  for (const entry of chainOf(field)) {
    const transform = entry.fallback?.(name, field);
    if (transform) return transform;
  }
  return undefined;
}

/** How a lookup or transform appears in a query's shape key. */
export function shapeKeyOf(item: Lookup | Transform): string {
  return shapeNames.get(item) ?? item.name;
}

/** The lookups that apply to `field`, for error messages. */
export function lookupNames(field: AnyField): string[] {
  return [...new Set([...chainOf(field)].flatMap((entry) => [...entry.lookups.keys()]))].sort();
}

/** The transforms that apply to `field`, for error messages. */
export function transformNames(field: AnyField): string[] {
  return [...new Set([...chainOf(field)].flatMap((entry) => [...entry.transforms.keys()]))].sort();
}

for (const lookup of [
  {
    name: 'exact',
    prepare: toDb,
    variant: (value: unknown) => (value === null ? 'null' : ''),
    sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql, value: unknown) => (value === null ? ctx.sql`${lhs} IS NULL` : ctx.sql`${lhs} = ${rhs()}`),
  },
  { name: 'iexact', prepare: (value: unknown) => escapeLike(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs}::text ILIKE ${rhs()}` },
  comparison('gt', '>'),
  comparison('gte', '>='),
  comparison('lt', '<'),
  comparison('lte', '<='),
  pattern('contains', '%', '%', false),
  pattern('icontains', '%', '%', true),
  pattern('startswith', '', '%', false),
  pattern('istartswith', '', '%', true),
  pattern('endswith', '%', '', false),
  pattern('iendswith', '%', '', true),
  {
    name: 'in',
    prepare: (value: unknown, field: AnyField) => {
      if (!isIterable(value)) throw new FieldError(`The value of an 'in' lookup must be a list, got ${typeof value}.`);
      return [...value].filter((item) => item !== null).map((item) => field.toDb(item));
    },
    variant: (value: unknown) => (isIterable(value) && [...value].length === 0 ? 'empty' : ''),
    // One array parameter whatever the list's length, so every 'in' query is one shape;
    // a QuerySet or Subquery is IN (SELECT ...).
    sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql, value: unknown) => {
      if (!isIterable(value)) return ctx.sql`${lhs} IN ${rhs()}`;
      return [...value].length === 0 ? ctx.sql`false` : ctx.sql`${lhs} = ANY(${rhs()})`;
    },
  },
  {
    name: 'range',
    prepare: (value: unknown, field: AnyField) => {
      if (!Array.isArray(value) || value.length !== 2) throw new FieldError("The value of a 'range' lookup must be a pair [low, high].");
      return value.map((item) => field.toDb(item));
    },
    sql: (ctx: CompileContext, lhs: Sql, rhs: (index?: number) => Sql) => ctx.sql`${lhs} BETWEEN ${rhs(0)} AND ${rhs(1)}`,
  },
  {
    name: 'isnull',
    prepare: (value: unknown) => {
      if (typeof value !== 'boolean') throw new FieldError("The value of an 'isnull' lookup must be true or false.");
      return value;
    },
    variant: (value: unknown) => String(value),
    sql: (ctx: CompileContext, lhs: Sql, _rhs: () => Sql, value: unknown) => (value ? ctx.sql`${lhs} IS NULL` : ctx.sql`${lhs} IS NOT NULL`),
  },
  { name: 'regex', prepare: (value: unknown) => String(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs}::text ~ ${rhs()}` },
  { name: 'iregex', prepare: (value: unknown) => String(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs}::text ~* ${rhs()}` },
]) {
  registerLookup(lookup);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.iterator in value && typeof value !== 'string';
}

// ---- transforms

const integer = new IntegerField({});
const date = new DateField({});

function extract(name: string, part: string, adjust = ''): Transform {
  return { name, outputField: () => integer, sql: (ctx, lhs) => ctx.sql`EXTRACT(${ctx.raw(part)} FROM ${lhs})::integer${ctx.raw(adjust)}` };
}

const dateParts = [
  extract('year', 'YEAR'),
  extract('iso_year', 'ISOYEAR'),
  extract('month', 'MONTH'),
  extract('day', 'DAY'),
  extract('week', 'WEEK'),
  // Django numbers days 1 (Sunday) to 7 (Saturday); PostgreSQL's DOW is 0-6 from Sunday.
  extract('week_day', 'DOW', ' + 1'),
  extract('iso_week_day', 'ISODOW'),
  extract('quarter', 'QUARTER'),
];
const timeParts = [extract('hour', 'HOUR'), extract('minute', 'MINUTE'), extract('second', 'SECOND')];
const toDate: Transform = { name: 'date', outputField: () => date, sql: (ctx, lhs) => ctx.sql`(${lhs})::date` };
for (const transform of dateParts) registerTransform(DateField, transform);
for (const transform of [...dateParts, ...timeParts, toDate]) registerTransform(DateTimeField, transform);
for (const transform of timeParts) registerTransform(TimeField, transform);

for (const transform of [
  { name: 'lower', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`LOWER(${lhs})` },
  { name: 'upper', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`UPPER(${lhs})` },
  { name: 'trim', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`TRIM(${lhs})` },
  { name: 'length', outputField: () => integer, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`CHAR_LENGTH(${lhs})` },
]) {
  registerTransform(CharField, transform);
  registerTransform(TextField, transform);
}

// ---- JSONField: its own exact and containment lookups, key tests, and any other name a key.

const jsonText = (value: unknown) => JSON.stringify(value);
const keyList = (name: string) => (value: unknown) => {
  if (!Array.isArray(value) || !value.every((key) => typeof key === 'string')) throw new FieldError(`The value of a '${name}' lookup must be a list of key names.`);
  return value;
};

for (const lookup of [
  {
    name: 'exact',
    prepare: (value: unknown) => (value === null ? null : jsonText(value)),
    variant: (value: unknown) => (value === null ? 'null' : ''),
    sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql, value: unknown) => (value === null ? ctx.sql`${lhs} IS NULL` : ctx.sql`${lhs} = ${rhs()}::jsonb`),
  },
  // 'contains' means containment (@>) on JSON, as in Django.
  { name: 'contains', prepare: jsonText, sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} @> ${rhs()}::jsonb` },
  { name: 'contained_by', prepare: jsonText, sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} <@ ${rhs()}::jsonb` },
  { name: 'has_key', prepare: (value: unknown) => String(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} ? ${rhs()}` },
  { name: 'has_keys', prepare: keyList('has_keys'), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} ?& ${rhs()}::text[]` },
  { name: 'has_any_keys', prepare: keyList('has_any_keys'), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} ?| ${rhs()}::text[]` },
]) {
  registerLookup(JSONField, lookup);
}

registerFallbackTransform(JSONField, (key, field) => jsonKeyTransform(key, field));

/** A key of a JSON value: data__owner__name. The key is bound, never spliced; digits index an array. */
export function jsonKeyTransform(key: string, field: AnyField): Transform {
  const transform: Transform = {
    name: `key:${key}`,
    outputField: () => field,
    sql: (ctx, lhs) => ctx.sql`(${lhs} -> ${ctx.param(/^\d+$/.test(key) ? Number(key) : key)})`,
  };
  // Every key has one shape: the key itself is a bound value.
  shapeNames.set(transform, 'key');
  return transform;
}
