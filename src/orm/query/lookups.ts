// Lookups (the `__icontains` in `title__icontains`) and transforms (the `__year` in
// `created__year__gte`). Each lookup turns a column and a value into a condition;
// `variant` names value-dependent changes to the SQL (IS NULL), which are part of the
// query's shape. Custom ones are registered with registerLookup / registerTransform.
import { FieldError } from '../errors';
import type { AnyField } from '../fields/field';
import { DateField, DateTimeField } from '../fields/temporal';
import { IntegerField } from '../fields/numeric';
import { JSONField } from '../fields/misc';
import { TextField } from '../fields/text';
import type { CompileContext, Sql } from './compile-context';

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

const lookups = new Map<string, Lookup>();

export function registerLookup(lookup: Lookup): void {
  lookups.set(lookup.name, lookup);
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
  // JSON containment and keys.
  { name: 'has_key', prepare: (value: unknown) => String(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} ? ${rhs()}` },
  { name: 'json_contains', prepare: (value: unknown) => JSON.stringify(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} @> ${rhs()}::jsonb` },
  { name: 'contained_by', prepare: (value: unknown) => JSON.stringify(value), sql: (ctx: CompileContext, lhs: Sql, rhs: () => Sql) => ctx.sql`${lhs} <@ ${rhs()}::jsonb` },
]) {
  registerLookup(lookup);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.iterator in value && typeof value !== 'string';
}

export function getLookup(name: string, field: AnyField): Lookup | undefined {
  // On a JSON field 'contains' means containment (@>), as in Django.
  if (field instanceof JSONField && name === 'contains') return lookups.get('json_contains');
  if (field instanceof JSONField && name === 'exact') return jsonExact;
  return lookups.get(name);
}

const jsonExact: Lookup = {
  name: 'exact',
  prepare: (value) => (value === null ? null : JSON.stringify(value)),
  variant: (value) => (value === null ? 'null' : ''),
  sql: (ctx, lhs, rhs, value) => (value === null ? ctx.sql`${lhs} IS NULL` : ctx.sql`${lhs} = ${rhs()}::jsonb`),
};

export function lookupNames(): string[] {
  return [...lookups.keys()].filter((name) => !name.startsWith('json_')).sort();
}

// ---- transforms

const transforms = new Map<string, Transform>();

export function registerTransform(transform: Transform): void {
  transforms.set(transform.name, transform);
}

const integer = new IntegerField({});
const date = new DateField({});

function extract(name: string, part: string, adjust = ''): Transform {
  return { name, outputField: () => integer, sql: (ctx, lhs) => ctx.sql`EXTRACT(${ctx.raw(part)} FROM ${lhs})::integer${ctx.raw(adjust)}` };
}

for (const transform of [
  extract('year', 'YEAR'),
  extract('iso_year', 'ISOYEAR'),
  extract('month', 'MONTH'),
  extract('day', 'DAY'),
  extract('week', 'WEEK'),
  // Django numbers days 1 (Sunday) to 7 (Saturday); PostgreSQL's DOW is 0-6 from Sunday.
  extract('week_day', 'DOW', ' + 1'),
  extract('iso_week_day', 'ISODOW'),
  extract('quarter', 'QUARTER'),
  extract('hour', 'HOUR'),
  extract('minute', 'MINUTE'),
  extract('second', 'SECOND'),
  { name: 'date', outputField: () => date, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`(${lhs})::date` },
  { name: 'lower', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`LOWER(${lhs})` },
  { name: 'upper', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`UPPER(${lhs})` },
  { name: 'trim', outputField: (field: AnyField) => field, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`TRIM(${lhs})` },
  { name: 'length', outputField: () => integer, sql: (ctx: CompileContext, lhs: Sql) => ctx.sql`CHAR_LENGTH(${lhs})` },
]) {
  registerTransform(transform);
}

export function getTransform(name: string, field: AnyField): Transform | undefined {
  if (['year', 'month', 'day', 'week_day', 'hour', 'minute', 'second', 'date', 'quarter', 'week', 'iso_year', 'iso_week_day'].includes(name)) {
    return field instanceof DateField || field instanceof DateTimeField || !(field instanceof TextField) ? transforms.get(name) : undefined;
  }
  return transforms.get(name);
}

/** A key of a JSON value: data__owner__name. The key is bound, never spliced. */
export function jsonKeyTransform(key: string, field: AnyField): { transform: Transform; key: string } {
  return {
    key,
    transform: {
      name: `key:${key}`,
      outputField: () => field,
      sql: (ctx, lhs) => ctx.sql`(${lhs} -> ${ctx.param(/^\d+$/.test(key) ? Number(key) : key)})`,
    },
  };
}

