// The WHERE (and HAVING) tree: conditions built from lookup keys and values, grouped
// by AND/OR, negated with IS NOT TRUE so that NULL rows count as "not matching" (what
// exclude() means) rather than vanishing as unknown.
import { didYouMean } from '../../core/suggest';
import { FieldError } from '../errors';
import { Expression, type Resolved, type ResolveScope } from '../expressions/expression';
import { Q, type QChild } from '../expressions/q';
import type { AnyField } from '../fields/field';
import { JSONField } from '../fields/misc';
import { ForeignKey } from '../fields/related';
import { NOTHING, type Sql } from './compile-context';
import { getLookup, getTransform, lookupNames, shapeKeyOf, transformNames, type Lookup, type Transform } from './lookups';
import { resolvePath, type ResolvedPath } from './path';
import { Query } from './query';
import type { QueryContext } from './query-context';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';

export interface WhereNode {
  readonly key: string;
  readonly containsAggregate: boolean;
  /**
   * It holds only where a unique column of the query's own table equals a bound
   * value: at most one row of that table matches, whatever the value, so the
   * statement's plan cannot depend on it.
   */
  readonly pinsRow: boolean;
  /** It may join a many-valued relation, so one row of the table can come back several times (or it cannot tell). */
  readonly multipliesRows: boolean;
  compile(ctx: QueryContext): Sql;
}

class Condition implements WhereNode {
  readonly key: string;
  readonly containsAggregate: boolean;
  /** It joins a reverse foreign key or a many-to-many relation. */
  readonly multipliesRows: boolean;
  readonly pinsRow: boolean;

  constructor(
    private readonly lhs: { path?: ResolvedPath; expression?: Resolved },
    private readonly transforms: readonly Transform[],
    private readonly lookup: Lookup,
    private readonly value: unknown,
    private readonly rhs: Resolved | undefined,
    field: AnyField,
  ) {
    this.prepared = rhs ? undefined : lookup.prepare(value, field);
    const left = lhs.expression ? lhs.expression.key : `${lhs.path!.joinKey}.${lhs.path!.field.column}`;
    this.key = `${left}${transforms.map((t) => `|${shapeKeyOf(t)}`).join('')}|${shapeKeyOf(lookup)}${lookup.variant ? `:${lookup.variant(value)}` : ''}${rhs ? `=${rhs.key}` : ''}`;
    this.containsAggregate = (lhs.expression?.containsAggregate ?? false) || (rhs?.containsAggregate ?? false);
    this.multipliesRows = lhs.path?.steps.some((step) => step.multiValued) ?? false;
    this.pinsRow = lookup.name === 'exact' && value !== null && !rhs && transforms.length === 0 && lhs.path !== undefined && lhs.path.steps.length === 0 && field.unique;
  }

  private readonly prepared: unknown;

  compile(ctx: QueryContext): Sql {
    let lhs = this.lhs.expression ? this.lhs.expression.compile(ctx) : ctx.column(this.lhs.path!);
    for (const transform of this.transforms) lhs = transform.sql(ctx, lhs);
    const prepared = this.prepared;
    const rhs = this.rhs
      ? () => this.rhs!.compile(ctx)
      : (index?: number) => ctx.param(index === undefined ? prepared : (prepared as unknown[])[index]);
    return this.lookup.sql(ctx, lhs, rhs, this.value);
  }
}

class Group implements WhereNode {
  readonly key: string;
  readonly containsAggregate: boolean;
  readonly pinsRow: boolean;
  readonly multipliesRows: boolean;

  constructor(
    private readonly connector: 'AND' | 'OR',
    private readonly negated: boolean,
    private readonly children: readonly WhereNode[],
  ) {
    this.key = `${negated ? '!' : ''}${connector}(${children.map((child) => child.key).join(',')})`;
    this.containsAggregate = children.some((child) => child.containsAggregate);
    this.pinsRow = connector === 'AND' && !negated && children.some((child) => child.pinsRow);
    this.multipliesRows = children.some((child) => child.multipliesRows);
  }

  compile(ctx: QueryContext): Sql {
    if (!ctx.building) {
      // Collecting a cached shape's values: only the children's order matters.
      for (const child of this.children) child.compile(ctx);
      return NOTHING;
    }
    const parts = this.children.map((child) => child.compile(ctx));
    const joined = parts.length === 1 ? parts[0] : ctx.sql`(${ctx.join(parts, ` ${this.connector} `)})`;
    return this.negated ? ctx.sql`(${joined}) IS NOT TRUE` : joined;
  }
}

/**
 * A condition across a many-valued relation, under a negation: "no related row
 * matches" (Django's exclude()), as EXISTS on the same model correlated by key;
 * a join would keep the row through its other, non-matching related rows.
 */
class ExistsRelated implements WhereNode {
  readonly key: string;
  readonly containsAggregate = false;
  readonly pinsRow = false;
  readonly multipliesRows = false;

  constructor(private readonly condition: WhereNode) {
    this.key = `exists(${condition.key})`;
  }

  compile(ctx: QueryContext): Sql {
    const inner = ctx.subquery(ctx.model);
    const meta = optionsOf(ctx.model);
    const condition = this.condition.compile(inner);
    const from = inner.sql`${inner.id(meta.dbTable)} AS ${inner.id(inner.baseAlias)}`;
    return ctx.sql`EXISTS (SELECT 1 FROM ${from}${inner.joinSql()} WHERE ${inner.ref(inner.baseAlias, meta.pk.column)} = ${ctx.ref(ctx.baseAlias, meta.pk.column)} AND ${condition})`;
  }
}

const NOTHING_MATCHES: WhereNode = { key: 'false', containsAggregate: false, pinsRow: false, multipliesRows: false, compile: (ctx) => ctx.sql`false` };

/** Builds the tree for filter(...) / exclude(...) arguments. */
export function buildWhere(scope: ResolveScope, conditions: Q | Expression | Record<string, unknown>, negate = false): WhereNode {
  if (conditions instanceof Expression) {
    // A boolean expression as a condition: filter(Exists(...)).
    const resolved = conditions.resolve(scope);
    // What an expression joins is not known here: counted as possibly many-valued.
    const node: WhereNode = { key: `expr(${resolved.key})`, containsAggregate: resolved.containsAggregate, pinsRow: false, multipliesRows: true, compile: (ctx) => resolved.compile(ctx) };
    return negate ? new Group('AND', true, [node]) : node;
  }
  const q = conditions instanceof Q ? conditions : new Q(conditions);
  const node = buildGroup(scope, q, negate);
  return negate ? new Group('AND', true, [node]) : node;
}

function buildGroup(scope: ResolveScope, q: Q, underNegation: boolean): WhereNode {
  const negated = underNegation || q.negated;
  const children = flatChildren(q).map((child: QChild) => {
    if (child instanceof Q) return buildGroup(scope, child, negated);
    const condition = buildCondition(scope, child[0], child[1]);
    return negated && condition.multipliesRows ? new ExistsRelated(condition) : condition;
  });
  if (children.length === 0) return q.negated ? NOTHING_MATCHES : { key: 'true', containsAggregate: false, pinsRow: false, multipliesRows: false, compile: (ctx) => ctx.sql`true` };
  return new Group(q.connector, q.negated, children);
}

/**
 * q's children with nested groups of the same connector spliced in. `Q(a).or(Q(b)).or(...)`
 * builds a tree as deep as the chain is long (as Django's tree.Node.add() would
 * squash); walked with a stack rather than recursion, so 100,000 ORed conditions
 * compile to one flat OR instead of overflowing the call stack. A negated or empty
 * child keeps its own group (an empty one means true, not "nothing").
 */
function flatChildren(q: Q): QChild[] {
  const out: QChild[] = [];
  const pending: QChild[] = [...q.children].reverse();
  while (pending.length) {
    const child = pending.pop()!;
    const splice = child instanceof Q && !child.negated && child.children.length > 0 && (child.connector === q.connector || child.children.length === 1);
    if (!splice) {
      out.push(child);
      continue;
    }
    for (let i = child.children.length - 1; i >= 0; i--) pending.push(child.children[i]);
  }
  return out;
}

function buildCondition(scope: ResolveScope, key: string, rawValue: unknown): Condition {
  const parts = key.split('__');
  let path: ResolvedPath | undefined;
  let expression: Resolved | undefined;
  let rest: string[];
  let field: AnyField;
  const annotation = scope.annotations.get(parts[0]);
  if (annotation) {
    expression = annotation;
    rest = parts.slice(1);
    field = annotation.outputField ?? new JSONField({});
  } else {
    path = resolvePath(scope.model, parts);
    rest = path.rest;
    field = path.field;
  }
  const transforms: Transform[] = [];
  let lookup: Lookup | undefined;
  rest.forEach((name, index) => {
    const last = index === rest.length - 1;
    const asLookup = last ? getLookup(name, field) : undefined;
    if (asLookup) {
      lookup = asLookup;
      return;
    }
    const transform = getTransform(name, field);
    if (transform) {
      transforms.push(transform);
      field = transform.outputField(field);
      return;
    }
    const [lookups, transformed] = [lookupNames(field), transformNames(field)];
    throw new FieldError(
      `Unsupported lookup '${name}' for ${field.typeName} '${key}'.${didYouMean(name, [...lookups, ...transformed])} Lookups: ${lookups.join(', ')}${transformed.length ? `; transforms: ${transformed.join(', ')}` : ''}.`,
      { code: 'HYPER_ORM_UNKNOWN_LOOKUP' },
    );
  });
  lookup ??= getLookup('exact', field)!;
  const value = keyOf(rawValue, path, field);
  const rhs = value instanceof Expression ? value.resolve(scope) : lookup.name === 'in' && isQuerySet(value) ? inSubquery(value.query) : undefined;
  if (value === undefined) throw new FieldError(`The value for '${key}' is undefined; use null to compare with NULL.`);
  return new Condition({ path, expression }, transforms, lookup, value, rhs, field);
}

function isQuerySet(value: unknown): value is { query: Query } {
  return value !== null && typeof value === 'object' && (value as { query?: unknown }).query instanceof Query;
}

/** `field__in: queryset`, as in Django: IN (SELECT its values() column, or else its primary key). */
function inSubquery(query: Query): Resolved {
  return {
    key: `in(${query.key})`,
    outputField: null,
    containsAggregate: false,
    compile: (ctx) => {
      const columns = query.props.values ? undefined : (inner: QueryContext) => [inner.ref(inner.baseAlias, optionsOf(query.model).pk.column)];
      return ctx.sql`(${ctx.compileSubquery(query, { columns })})`;
    },
  };
}

/** A model instance given for a relation means its primary key (in lists too). */
function keyOf(value: unknown, path: ResolvedPath | undefined, field: AnyField): unknown {
  const isRelationKey = field instanceof ForeignKey || (path !== undefined && path.steps.length > 0 && path.field.primaryKey);
  if (!isRelationKey && !field.primaryKey) return value;
  const pkOf = (item: unknown) => (item !== null && typeof item === 'object' && 'pk' in item && !(item instanceof Expression) ? (item as { pk: unknown }).pk : item);
  if (Array.isArray(value)) return value.map(pkOf);
  return pkOf(value);
}

/** A Query of `model` with these filter conditions, ordered by the model's default unless `unordered`. */
export function filteredQuery(model: ModelClass, conditions: Record<string, unknown>, options: { unordered?: boolean } = {}): Query {
  const query = new Query(model);
  return query.with({ where: [buildWhere(query.scope, conditions)], ...(options.unordered ? { ordering: [] } : {}) });
}

/** Joins several nodes with AND (the conditions of successive filter() calls). */
export function andAll(nodes: readonly WhereNode[]): WhereNode | undefined {
  if (nodes.length === 0) return undefined;
  return nodes.length === 1 ? nodes[0] : new Group('AND', false, nodes);
}
