// Query -> SQL. Every statement goes through compileCached(): a shape compiles through
// Kysely once, then only its values are collected. SELECTs also produce a row plan:
// which column feeds which model field, annotation or values() key.
import type { AnyField } from '../fields/field';
import { ForeignKey } from '../fields/related';
import { FieldError } from '../errors';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import type { Resolved } from '../expressions/expression';
import { compileCached, inOrderShape, NOTHING, verifyCache, type CompiledStatement, type Sql } from './compile-context';
import type { RelationStep } from './path';
import type { Query } from './query';
import { QueryContext, type SubqueryCompiler } from './query-context';
import { andAll } from './where';

export interface ModelNode {
  model: ModelClass;
  fields: AnyField[];
  aliases: string[];
  /** Each field's fromDb, or null where it would return the value as it is (most text and booleans). */
  converters?: Array<((value: unknown) => unknown) | null>;
  /** Index of the node this one hangs from, and the relation's name there (selectRelated). */
  parent: number;
  relation: string | null;
}

export interface SelectPlan {
  mode: 'models' | 'values' | 'valuesList' | 'flat' | 'named';
  nodes: ModelNode[];
  /** Selected annotations (models mode) or values() entries, in order. */
  extras: Array<{ name: string; alias: string; field: AnyField | null }>;
  /** Whether the select list or the ORDER BY bind values: when not, a cached shape skips walking them. */
  bindsInSelect?: boolean;
  bindsInOrder?: boolean;
}

export interface CompiledSelect {
  statement: CompiledStatement;
  plan: SelectPlan;
}

/** How WHERE nodes and expressions compile a subquery: through the context, never by importing this file. */
const compileSubquery: SubqueryCompiler = (inner, query, options) => buildSelect(inner, query, { columns: options.columns?.(inner) }).sql;

/** A statement's context (or a subquery's, given the outer values and an alias letter), able to compile subqueries. */
export function queryContext(building: boolean, model: ModelClass, values?: unknown[], aliasLetter?: string): QueryContext {
  return new QueryContext(building, model, values, aliasLetter, undefined, compileSubquery);
}

function selectRelatedSteps(model: ModelClass, spec: readonly string[] | 'all'): RelationStep[][] {
  if (spec === 'all') {
    const chains: RelationStep[][] = [];
    const walk = (current: ModelClass, prefix: RelationStep[], seen: Set<ModelClass>) => {
      for (const field of optionsOf(current).concreteFields) {
        if (!(field instanceof ForeignKey) || field.nullable || seen.has(field.target) || prefix.length >= 5) continue;
        const chain = [...prefix, stepOf(current, field)];
        chains.push(chain);
        walk(field.target, chain, new Set([...seen, field.target]));
      }
    };
    walk(model, [], new Set([model]));
    return chains;
  }
  return spec.map((path) => relationChain(model, path, 'selectRelated'));
}

/** The joins along foreign keys named by `path` ('author__profile'), for selectRelated and selectForUpdate({ of }). */
export function relationChain(model: ModelClass, path: string, method: string): RelationStep[] {
  const steps: RelationStep[] = [];
  let current = model;
  for (const name of path.split('__')) {
    const field = optionsOf(current).findField(name);
    if (!(field instanceof ForeignKey)) {
      const choices = optionsOf(current).concreteFields.filter((f) => f instanceof ForeignKey).map((f) => f.name);
      throw new FieldError(`Invalid field name '${name}' in ${method}('${path}'): ${optionsOf(current).objectName} has no foreign key of that name. Choices are: ${choices.join(', ') || '(none)'}.`, { code: 'HYPER_ORM_UNKNOWN_RELATION' });
    }
    steps.push(stepOf(current, field));
    current = field.target;
  }
  return steps;
}

function stepOf(model: ModelClass, field: ForeignKey): RelationStep {
  return { name: field.name, from: model, to: field.target, fromColumn: field.column, toColumn: optionsOf(field.target).pk.column, nullable: field.nullable, multiValued: false };
}

const allLoaded = new WeakMap<ModelClass, AnyField[]>();

/** The fields a node loads: all concrete ones, or as only()/defer() say (the key always). */
function loadedFields(model: ModelClass, only: readonly string[] | null, defer: readonly string[]): AnyField[] {
  const meta = optionsOf(model);
  if (!only && !defer.length) {
    let fields = allLoaded.get(model);
    if (!fields) allLoaded.set(model, (fields = [...meta.concreteFields]));
    return fields;
  }
  const names = new Set<string>();
  for (const name of [...(only ?? []), ...defer]) names.add(meta.getField(name).name);
  return meta.concreteFields.filter((field) => field.primaryKey || (only ? names.has(field.name) : !names.has(field.name)));
}

function selectList(ctx: QueryContext, query: Query): { parts: Sql[]; plan: SelectPlan; groupBy: Sql[] } {
  const p = query.props;
  const parts: Sql[] = [];
  const groupBy: Sql[] = [];
  let column = 0;
  const add = (sql: Sql) => {
    const alias = `c${column++}`;
    parts.push(ctx.sql`${sql} AS ${ctx.id(alias)}`);
    return alias;
  };
  if (p.values) {
    const extras = p.values.entries.map((entry) => {
      const sql = entry.resolved.compile(ctx);
      if (!entry.resolved.containsAggregate) groupBy.push(sql);
      return { name: entry.name, alias: add(sql), field: entry.resolved.outputField };
    });
    return { parts, plan: { mode: p.values.mode, nodes: [], extras }, groupBy };
  }
  const nodes: ModelNode[] = [];
  const baseFields = loadedFields(query.model, p.only, p.defer);
  nodes.push({ model: query.model, fields: baseFields, aliases: baseFields.map((field) => add(ctx.ref(ctx.baseAlias, field.column))), parent: -1, relation: null });
  groupBy.push(ctx.ref(ctx.baseAlias, optionsOf(query.model).pk.column));
  for (const steps of selectRelatedSteps(query.model, p.selectRelated)) {
    const alias = ctx.aliasFor(steps, true);
    const target = steps[steps.length - 1].to;
    const fields = [...optionsOf(target).concreteFields];
    const parentKey = steps.slice(0, -1).map((step) => step.name).join('__');
    const parent = nodes.findIndex((node, index) => index > 0 && nodeKey(nodes, index) === parentKey);
    nodes.push({ model: target, fields, aliases: fields.map((field) => add(ctx.ref(alias, field.column))), parent: steps.length === 1 ? 0 : parent, relation: steps[steps.length - 1].name });
    (nodes[nodes.length - 1] as ModelNode & { key: string }).key = steps.map((step) => step.name).join('__');
    groupBy.push(ctx.ref(alias, optionsOf(target).pk.column));
  }
  const extras = p.annotations
    .filter((entry) => entry.selected)
    .map((entry) => ({ name: entry.name, alias: add(entry.resolved.compile(ctx)), field: entry.resolved.outputField }));
  return { parts, plan: { mode: 'models', nodes, extras }, groupBy };
}

function nodeKey(nodes: ModelNode[], index: number): string {
  return (nodes[index] as ModelNode & { key?: string }).key ?? '';
}

function orderSql(ctx: QueryContext, query: Query, forCount: boolean): Sql[] {
  if (forCount && !query.isSliced) return [];
  return query.effectiveOrdering().map((term) => {
    if (term.random) return ctx.sql`RANDOM()`;
    const direction = ctx.raw(term.descending ? ' DESC' : ' ASC');
    const nulls = ctx.raw(term.nullsFirst ? ' NULLS FIRST' : term.nullsLast ? ' NULLS LAST' : '');
    return ctx.sql`${term.resolved!.compile(ctx)}${direction}${nulls}`;
  });
}

const EMPTY_PLAN: SelectPlan = { mode: 'models', nodes: [], extras: [] };
const NO_SQL: Sql[] = [];

/** The body of a SELECT: compiles into `ctx` (which may be a subquery's). */
export function buildSelect(ctx: QueryContext, query: Query, options: { forCount?: boolean; columns?: Sql[] } = {}, cached?: SelectPlan): { sql: Sql; plan: SelectPlan } {
  const p = query.props;
  if (p.combined) return buildCombined(ctx, query);
  // First every part that can bind a value, in the order its values appear in the SQL;
  // a cached shape stops there (it only needs the values), a new one goes on to the SQL.
  const collecting = !ctx.building && cached !== undefined;
  const boundBefore = ctx.values.length;
  const selected = options.columns
    ? { parts: options.columns, plan: EMPTY_PLAN, groupBy: NO_SQL }
    : collecting && cached.bindsInSelect === false
      ? { parts: NO_SQL, plan: cached, groupBy: NO_SQL }
      : selectList(ctx, query);
  const bindsInSelect = ctx.values.length > boundBefore;
  const where = p.where.length ? andAll(p.where)!.compile(ctx) : undefined;
  const having = p.having.length ? andAll(p.having)!.compile(ctx) : undefined;
  const orderBefore = ctx.values.length;
  const order = collecting && cached.bindsInOrder === false ? NO_SQL : orderSql(ctx, query, options.forCount ?? false);
  const bindsInOrder = ctx.values.length > orderBefore;
  const distinctOn = p.distinctOn.length ? p.distinctOn.map((expression: Resolved) => expression.compile(ctx)) : NO_SQL;
  const limit = p.high !== null ? ctx.param(p.high - p.low) : undefined;
  const offset = p.low ? ctx.param(p.low) : undefined;
  if (!ctx.building) return { sql: NOTHING, plan: selected.plan };

  const distinct = !p.distinct ? ctx.raw('') : distinctOn.length ? ctx.sql`DISTINCT ON (${ctx.join(distinctOn)}) ` : ctx.raw('DISTINCT ');
  const whereSql = where ? ctx.sql` WHERE ${where}` : ctx.raw('');
  const grouped = query.hasAggregates && selected.groupBy.length > 0 ? ctx.sql` GROUP BY ${ctx.join(selected.groupBy)}` : ctx.raw('');
  const havingSql = having ? ctx.sql` HAVING ${having}` : ctx.raw('');
  const orderBy = order.length ? ctx.sql` ORDER BY ${ctx.join(order)}` : ctx.raw('');
  const limitSql = limit ? ctx.sql` LIMIT ${limit}` : ctx.raw('');
  const offsetSql = offset ? ctx.sql` OFFSET ${offset}` : ctx.raw('');
  const lock = p.lock
    ? ctx.sql` FOR ${ctx.raw(p.lock.noKey ? 'NO KEY UPDATE' : 'UPDATE')}${p.lock.of.length ? ctx.sql` OF ${ctx.join(p.lock.of.map((name) => ctx.id(name === 'self' ? ctx.baseAlias : ctx.aliasFor(relationChain(query.model, name, 'selectForUpdate'), true))))}` : ctx.raw('')}${ctx.raw(p.lock.nowait ? ' NOWAIT' : p.lock.skipLocked ? ' SKIP LOCKED' : '')}`
    : ctx.raw('');
  const from = ctx.sql`${ctx.id(optionsOf(query.model).dbTable)} AS ${ctx.id(ctx.baseAlias)}`;
  const sql = ctx.sql`SELECT ${distinct}${ctx.join(selected.parts)} FROM ${from}${ctx.joinSql()}${whereSql}${grouped}${havingSql}${orderBy}${limitSql}${offsetSql}${lock}`;
  const plan = selected.plan === EMPTY_PLAN ? selected.plan : { ...selected.plan, bindsInSelect, bindsInOrder };
  return { sql, plan };
}

function buildCombined(ctx: QueryContext, query: Query): { sql: Sql; plan: SelectPlan } {
  const p = query.props;
  const combined = p.combined!;
  // values()/valuesList() after union() select those columns in every part that has
  // not chosen its own (Django does the same), and shape the combined rows.
  const queries = combined.queries.map((part) => (p.values && !part.props.values ? part.with({ values: p.values }) : part));
  let plan: SelectPlan | undefined;
  const parts = queries.map((part, index) => {
    const inner = queryContext(ctx.building, part.model, ctx.values, String.fromCharCode(117 + index));
    const built = buildSelect(inner, part.with({ ordering: [], low: 0, high: null }));
    plan ??= built.plan;
    return ctx.sql`(${built.sql})`;
  });
  if (p.values && plan!.mode !== p.values.mode) plan = { ...plan!, mode: p.values.mode };
  const limit = p.high !== null ? ctx.sql` LIMIT ${ctx.param(p.high - p.low)}` : ctx.raw('');
  const offset = p.low ? ctx.sql` OFFSET ${ctx.param(p.low)}` : ctx.raw('');
  const firstValues = queries[0].props.values;
  const order = (p.ordering ?? []).map((term) => {
    // A combined query orders by its output columns: the position of the field in the first query's select list.
    const name = term.key.replace(/^col\(\.?([^)]*)\).*$/, '$1');
    const position = firstValues
      ? firstValues.entries.findIndex((entry) => entry.resolved.key === term.resolved?.key)
      : (plan!.nodes[0]?.fields.findIndex((field) => field.column === name) ?? -1);
    if (position < 0) throw new FieldError(`ORDER BY of a combined query must name a selected column (got ${term.key}).`);
    return ctx.sql`${ctx.raw(String(position + 1))}${ctx.raw(term.descending ? ' DESC' : ' ASC')}`;
  });
  const orderBy = order.length ? ctx.sql` ORDER BY ${ctx.join(order)}` : ctx.raw('');
  return { sql: ctx.sql`${ctx.join(parts, ` ${combined.operator}${combined.all ? ' ALL' : ''} `)}${orderBy}${limit}${offset}`, plan: plan! };
}

export function compileSelect(query: Query): CompiledSelect {
  return compileCached('select', query.key, (building) => queryContext(building, query.model), (ctx, cached) => buildSelect(ctx, query, {}, cached), query.pinsRow);
}

const NO_PLAN = null;

export function compileCount(query: Query): CompiledStatement {
  const p = query.props;
  const wrap = p.distinct || query.isSliced || query.hasAggregates || p.combined !== null || p.values !== null;
  return compileCached('count', query.key, (building) => queryContext(building, query.model), (ctx) => {
    if (wrap) {
      const inner = buildSelect(ctx, query, { forCount: true });
      return { sql: ctx.sql`SELECT COUNT(*) AS ${ctx.id('count')} FROM (${inner.sql}) AS ${ctx.id('counted')}`, plan: NO_PLAN };
    }
    return { sql: buildSelect(ctx, query, { forCount: true, columns: [ctx.sql`COUNT(*) AS ${ctx.id('count')}`] }).sql, plan: NO_PLAN };
  }, query.pinsRow).statement;
}

export function compileExists(query: Query): CompiledStatement {
  const limited = query.with({ low: 0, high: 1, ordering: [], reversed: false });
  return compileCached('exists', limited.key, (building) => queryContext(building, query.model), (ctx) => ({
    sql: buildSelect(ctx, limited, { columns: [ctx.sql`1 AS ${ctx.id('one')}`] }).sql,
    plan: NO_PLAN,
  }), query.pinsRow).statement;
}

export function compileAggregate(query: Query, aggregates: ReadonlyArray<{ name: string; resolved: Resolved }>): CompiledStatement {
  if (query.isSliced || query.props.distinct || query.hasAggregates || query.props.combined) {
    throw new FieldError('aggregate() over a sliced, distinct, annotated-with-aggregates or combined QuerySet is not supported; aggregate the base QuerySet.');
  }
  const key = `${query.key}|${aggregates.map((a) => `${a.name}=${a.resolved.key}`).join(',')}`;
  return compileCached('aggregate', key, (building) => queryContext(building, query.model), (ctx) => {
    const columns = aggregates.map((aggregate, index) => ctx.sql`${aggregate.resolved.compile(ctx)} AS ${ctx.id(`a${index}`)}`);
    return { sql: buildSelect(ctx, query.with({ ordering: [] }), { forCount: true, columns }).sql, plan: NO_PLAN };
  }, query.pinsRow).statement;
}

/** WHERE t0.pk IN (SELECT ...) when the conditions need joins, else the conditions themselves. */
function targetRows(ctx: QueryContext, query: Query): Sql {
  const probe = queryContext(false, query.model);
  const where = andAll(query.props.where);
  where?.compile(probe);
  const pk = optionsOf(query.model).pk.column;
  if (!probe.hasJoins && !query.isSliced) return where ? ctx.sql` WHERE ${where.compile(ctx)}` : ctx.raw('');
  ctx.hasSubquery = true;
  const inner = queryContext(ctx.building, query.model, ctx.values, 'u');
  const sub = buildSelect(inner, query.with({ ordering: query.isSliced ? query.props.ordering : [] }), { columns: [inner.ref(inner.baseAlias, pk)] });
  return ctx.sql` WHERE ${ctx.ref(ctx.baseAlias, pk)} IN (${sub.sql})`;
}

export function compileUpdate(query: Query, assignments: ReadonlyArray<{ field: AnyField; resolved: Resolved }>): CompiledStatement {
  const key = `${query.key}|${assignments.map((a) => `${a.field.column}=${a.resolved.key}`).join(',')}`;
  return compileCached('update', key, (building) => queryContext(building, query.model), (ctx) => {
    const sets = assignments.map((assignment) => ctx.sql`${ctx.id(assignment.field.column)} = ${assignment.resolved.compile(ctx)}`);
    const table = ctx.sql`${ctx.id(optionsOf(query.model).dbTable)} AS ${ctx.id(ctx.baseAlias)}`;
    return { sql: ctx.sql`UPDATE ${table} SET ${ctx.join(sets)}${targetRows(ctx, query)}`, plan: NO_PLAN };
  }, query.pinsRow).statement;
}

export function compileDelete(query: Query): CompiledStatement {
  return compileCached('delete', query.key, (building) => queryContext(building, query.model), (ctx) => {
    const table = ctx.sql`${ctx.id(optionsOf(query.model).dbTable)} AS ${ctx.id(ctx.baseAlias)}`;
    return { sql: ctx.sql`DELETE FROM ${table}${targetRows(ctx, query)}`, plan: NO_PLAN };
  }, query.pinsRow).statement;
}

/** INSERT of `rows` (values already converted for the database), returning the columns asked for. */
export function compileInsert(model: ModelClass, fields: readonly AnyField[], rows: ReadonlyArray<readonly unknown[]>, returning: readonly AnyField[], onConflictIgnore = false): CompiledStatement {
  const meta = optionsOf(model);
  const key = `${meta.label}|${fields.map((f) => f.column).join(',')}|${rows.length}|${returning.map((f) => f.column).join(',')}|${onConflictIgnore}`;
  // Rows bind in order: a cached INSERT only needs its values flattened (10,000 rows make this count).
  // Verifying goes through compileCached, which compares a fresh compilation.
  const known = verifyCache() ? undefined : inOrderShape('insert', key);
  if (known) return { sql: known.sql, parameters: rows.flat(), name: known.name };
  return compileCached('insert', key, (building) => queryContext(building, model), (ctx) => {
    const table = ctx.id(meta.dbTable);
    const back = returning.length ? ctx.sql` RETURNING ${ctx.join(returning.map((field) => ctx.id(field.column)))}` : ctx.raw('');
    const conflict = onConflictIgnore ? ctx.raw(' ON CONFLICT DO NOTHING') : ctx.raw('');
    if (fields.length === 0) return { sql: ctx.sql`INSERT INTO ${table} DEFAULT VALUES${conflict}${back}`, plan: NO_PLAN };
    const tuples = rows.map((row) => ctx.sql`(${ctx.join(row.map((value) => ctx.param(value)))})`);
    return { sql: ctx.sql`INSERT INTO ${table} (${ctx.join(fields.map((field) => ctx.id(field.column)))}) VALUES ${ctx.join(tuples)}${conflict}${back}`, plan: NO_PLAN };
  }, true).statement;
}
