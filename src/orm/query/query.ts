// The state of a QuerySet: immutable, every change makes a new Query. Its `key` is the
// shape of the SQL it compiles to (no values), the key of the compiled-SQL cache.
import { FieldError } from '../errors';
import { F, OrderBy, type Resolved, type ResolveScope } from '../expressions/expression';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import type { WhereNode } from './where';

export interface AnnotationEntry {
  name: string;
  resolved: Resolved;
  /** alias() annotations can be filtered and ordered on but are not selected. */
  selected: boolean;
}

export interface OrderTerm {
  resolved?: Resolved;
  descending: boolean;
  nullsFirst?: boolean;
  nullsLast?: boolean;
  /** orderBy('?') */
  random?: boolean;
  key: string;
}

export interface ValuesSpec {
  mode: 'values' | 'valuesList' | 'flat' | 'named';
  entries: ReadonlyArray<{ name: string; resolved: Resolved }>;
}

export interface LockSpec {
  nowait: boolean;
  skipLocked: boolean;
  of: readonly string[];
  noKey: boolean;
}

export interface CombinedSpec {
  operator: 'UNION' | 'INTERSECT' | 'EXCEPT';
  all: boolean;
  queries: readonly Query[];
}

export interface QueryProps {
  where: readonly WhereNode[];
  having: readonly WhereNode[];
  annotations: readonly AnnotationEntry[];
  /** null: the model's default ordering. */
  ordering: readonly OrderTerm[] | null;
  reversed: boolean;
  low: number;
  high: number | null;
  distinct: boolean;
  distinctOn: readonly Resolved[];
  /** Relations loaded in the same query: paths of names, or 'all' for every non-null key. */
  selectRelated: readonly string[] | 'all';
  values: ValuesSpec | null;
  empty: boolean;
  lock: LockSpec | null;
  db: string | null;
  combined: CombinedSpec | null;
  /** Fields to load (only) or skip (defer); the primary key is always loaded. */
  only: readonly string[] | null;
  defer: readonly string[];
}

const INITIAL: QueryProps = {
  where: [],
  having: [],
  annotations: [],
  ordering: null,
  reversed: false,
  low: 0,
  high: null,
  distinct: false,
  distinctOn: [],
  selectRelated: [],
  values: null,
  empty: false,
  lock: null,
  db: null,
  combined: null,
  only: null,
  defer: [],
};

const defaultOrderings = new WeakMap<ModelClass, readonly OrderTerm[]>();

export class Query {
  private cachedKey: string | undefined;

  constructor(
    readonly model: ModelClass,
    readonly props: QueryProps = INITIAL,
  ) {}

  with(changes: Partial<QueryProps>): Query {
    return new Query(this.model, { ...this.props, ...changes });
  }

  get scope(): ResolveScope {
    return { model: this.model, annotations: new Map(this.props.annotations.map((entry) => [entry.name, entry.resolved])) };
  }

  get isSliced(): boolean {
    return this.props.low !== 0 || this.props.high !== null;
  }

  get hasAggregates(): boolean {
    return this.props.annotations.some((entry) => entry.resolved.containsAggregate) || this.props.having.length > 0;
  }

  /** A unique column of the model's table equals a bound value in the WHERE (see WhereNode.pinsRow). */
  get pinsRow(): boolean {
    return this.props.combined === null && this.props.where.some((node) => node.pinsRow);
  }

  /**
   * At most one row can come back: a row is pinned and nothing joins a many-valued
   * relation (in the WHERE, or through an annotation).
   */
  get atMostOneRow(): boolean {
    const p = this.props;
    return this.pinsRow && p.annotations.length === 0 && !p.where.some((node) => node.multipliesRows);
  }

  /** The ordering that applies: the explicit one, else the model's meta.ordering; reversed by reverse(). */
  effectiveOrdering(): readonly OrderTerm[] {
    const terms = this.props.ordering ?? defaultOrdering(this.model);
    if (!this.props.reversed) return terms;
    return terms.map((term) => ({ ...term, descending: !term.descending, nullsFirst: term.nullsLast, nullsLast: term.nullsFirst, key: `rev(${term.key})` }));
  }

  get key(): string {
    if (this.cachedKey !== undefined) return this.cachedKey;
    // Built as one string: computed for every new Query, on the hot path of every query.
    const p = this.props;
    let key = optionsOf(this.model).label;
    if (p.values) {
      key += '#v:' + p.values.mode;
      for (const entry of p.values.entries) key += ',' + entry.name + '=' + entry.resolved.key;
    }
    key += '#';
    for (const a of p.annotations) key += (a.selected ? '' : '~') + a.name + '=' + a.resolved.key + ',';
    key += '#';
    for (const node of p.where) key += node.key + '&';
    key += '#';
    for (const node of p.having) key += node.key + '&';
    key += '#';
    for (const term of this.effectiveOrdering()) key += term.key + ',';
    if (p.distinct) key += '#d(' + p.distinctOn.map((e) => e.key).join(',') + ')';
    key += '#' + (typeof p.selectRelated === 'string' ? 'sr*' : p.selectRelated.join(','));
    if (p.low) key += '#o';
    if (p.high !== null) key += '#l';
    if (p.lock) key += `#lock:${p.lock.nowait}:${p.lock.skipLocked}:${p.lock.noKey}:${p.lock.of.join(',')}`;
    if (p.only) key += '#only:' + p.only.join(',');
    if (p.defer.length) key += '#defer:' + p.defer.join(',');
    if (p.combined) key += `#${p.combined.operator}${p.combined.all ? ' ALL' : ''}(${p.combined.queries.map((query) => query.key).join('|')})`;
    this.cachedKey = key;
    return key;
  }
}

/** orderBy arguments: 'name', '-name', '?', 'author__username', an F or OrderBy expression. */
export function orderTerm(scope: ResolveScope, spec: string | OrderBy | F): OrderTerm {
  if (spec === '?') return { random: true, descending: false, key: 'random' };
  if (spec instanceof OrderBy) {
    const resolved = spec.expression.resolve(scope);
    return {
      resolved,
      descending: spec.descending,
      nullsFirst: spec.nulls.nullsFirst,
      nullsLast: spec.nulls.nullsLast,
      key: `${resolved.key}${spec.descending ? ' desc' : ''}${spec.nulls.nullsFirst ? ' nf' : ''}${spec.nulls.nullsLast ? ' nl' : ''}`,
    };
  }
  if (spec instanceof F) return orderTerm(scope, spec.asc());
  if (typeof spec !== 'string' || spec === '' || spec === '-') throw new FieldError(`Invalid orderBy() argument ${JSON.stringify(spec)}: use a field name, '-name' or '?'.`);
  const descending = spec.startsWith('-');
  const name = descending ? spec.slice(1) : spec;
  const expression = new F(name);
  return orderTerm(scope, descending ? expression.desc() : expression.asc());
}

function defaultOrdering(model: ModelClass): readonly OrderTerm[] {
  let terms = defaultOrderings.get(model);
  if (!terms) {
    const scope: ResolveScope = { model, annotations: new Map() };
    terms = optionsOf(model).ordering.map((spec) => orderTerm(scope, spec));
    defaultOrderings.set(model, terms);
  }
  return terms;
}

/** The query's primary keys as flat values (in no particular order): what deletes and cascades work from. */
export function primaryKeysQuery(query: Query): Query {
  const pk = optionsOf(query.model).pk;
  const resolved: Resolved = { key: 'pk', outputField: pk, containsAggregate: false, compile: (ctx) => ctx.ref(ctx.baseAlias, pk.column) };
  return query.with({ ordering: [], values: { mode: 'flat', entries: [{ name: 'pk', resolved }] } });
}

