// QuerySet: lazy, immutable, awaitable and async-iterable. Every builder method returns
// a new QuerySet; awaiting one runs its SELECT (each time: results are not cached on
// the QuerySet, so a QuerySet is a reusable description of rows).
import { Slot } from '../../core/slot';
import { connections, inAtomicBlock, NotSupportedError, routeForRead, TransactionManagementError, type Connection } from '../../db';
import { InvalidArgument } from '../../core/errors';
import { FieldError } from '../errors';
import { Expression, F, OrderBy, type Resolved } from '../expressions/expression';
import type { Q } from '../expressions/q';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compileAggregate, compileCount, compileExists, compileSelect, relationChain } from './compiler';
import { orderTerm, Query, type QueryProps } from './query';
import { mapRows } from './row-mapper';
import type { AnnotationValues, Conditions, LookupKey, ValueOf, ValuesRow, ValuesTuple } from './row-types';
import { buildWhere } from './where';
import * as writes from './writes';

const NO_ORDERING: Partial<QueryProps> = { ordering: [] };
const FIRST_21: Partial<QueryProps> = { high: 21, ordering: [] };

/** prefetchRelated('comments') or Prefetch('comments', Comment.objects.filter(...), 'approvedComments'). */
export class Prefetch {
  constructor(
    readonly lookup: string,
    readonly queryset?: QuerySet<Model>,
    readonly toAttr?: string,
  ) {}
}

export interface PrefetchRunner {
  run(instances: Model[], lookups: ReadonlyArray<string | Prefetch>, db: string): Promise<void>;
}
/** prefetch.ts, which needs the related managers; installed by src/orm/install.ts. */
export const prefetcher = new Slot<PrefetchRunner>('prefetchRelated()', "import hyperdjango/db (src/orm), whose installOrm() installs it.");

/**
 * A QuerySet of model M yielding rows of type R: instances of M, until values(),
 * valuesList() or annotate() change the row; A names the annotations and aliases
 * that filter() may use.
 */
export class QuerySet<M extends Model = Model, R = M, A extends string = never> implements PromiseLike<R[]>, AsyncIterable<R> {
  constructor(
    readonly model: ModelClass<M>,
    readonly query: Query = new Query(model as ModelClass),
    readonly prefetches: ReadonlyArray<string | Prefetch> = [],
  ) {}

  /** A QuerySet of the same model with other query properties (used by subclasses such as related managers). */
  protected derive(changes: Partial<QueryProps>, prefetches = this.prefetches): QuerySet<M, R, A> {
    return new QuerySet(this.model, this.query.with(changes), prefetches) as unknown as QuerySet<M, R, A>;
  }

  protected get meta() {
    return optionsOf(this.model as ModelClass);
  }

  // ---- building

  /** A copy; on a prefetched relation it answers from the prefetched rows. */
  all(): QuerySet<M, R, A> {
    return this.knownResults ? this.withResults(this.knownResults) : this.derive({});
  }

  filter(...conditions: Array<Conditions<M, A> | Q | Expression>): QuerySet<M, R, A> {
    return this.addConditions(conditions, false);
  }

  exclude(...conditions: Array<Conditions<M, A> | Q | Expression>): QuerySet<M, R, A> {
    return this.addConditions(conditions, true);
  }

  private addConditions(conditions: Array<Conditions<M, A> | Q | Expression>, negate: boolean): QuerySet<M, R, A> {
    this.assertNotCombined(negate ? 'exclude' : 'filter');
    this.assertNotSliced(negate ? 'exclude' : 'filter');
    const scope = this.query.scope;
    const where = [...this.query.props.where];
    const having = [...this.query.props.having];
    for (const condition of conditions) {
      const node = buildWhere(scope, condition, negate);
      (node.containsAggregate ? having : where).push(node);
    }
    return this.derive({ where, having });
  }

  /** Field names ('-created' descending, '?' random), F expressions or F('x').desc({ nullsLast: true }). No arguments: no ordering. */
  orderBy(...fields: Array<string | F | OrderBy>): QuerySet<M, R, A> {
    this.assertNotSliced('orderBy');
    const scope = this.query.scope;
    return this.derive({ ordering: fields.map((field) => orderTerm(scope, field)), reversed: false });
  }

  reverse(): QuerySet<M, R, A> {
    return this.derive({ reversed: !this.query.props.reversed });
  }

  /** DISTINCT, or DISTINCT ON (fields) when fields are given (PostgreSQL). */
  distinct(...fields: string[]): QuerySet<M, R, A> {
    this.assertNotCombined('distinct');
    const scope = this.query.scope;
    return this.derive({ distinct: true, distinctOn: fields.map((name) => new F(name).resolve(scope)) });
  }

  /** Rows start..end (end exclusive), as Python's qs[start:end]; slicing a slice narrows it. */
  slice(start: number, end?: number): QuerySet<M, R, A> {
    if (!Number.isInteger(start) || start < 0 || (end !== undefined && (!Number.isInteger(end) || end < start))) {
      throw new InvalidArgument('HYPER_ORM_INVALID_SLICE', `slice(${start}, ${end}): use integers with 0 <= start <= end (negative indexing is not supported).`);
    }
    const { low, high } = this.query.props;
    const newLow = low + start;
    let newHigh = end === undefined ? high : low + end;
    if (high !== null && newHigh !== null) newHigh = Math.min(newHigh, high);
    return this.derive({ low: newLow, high: newHigh });
  }

  selectRelated(...fields: string[]): QuerySet<M, R, A> {
    this.assertNotCombined('selectRelated');
    if (fields.length === 0) return this.derive({ selectRelated: 'all' });
    const current = this.query.props.selectRelated;
    return this.derive({ selectRelated: [...(current === 'all' ? [] : current), ...fields.filter((f) => current === 'all' || !current.includes(f))] });
  }

  prefetchRelated(...lookups: Array<string | Prefetch>): QuerySet<M, R, A> {
    return this.derive({}, lookups.length === 1 && lookups[0] === null ? [] : [...this.prefetches, ...lookups]);
  }

  /** Adds computed values to each result: annotate({ nPosts: Count('posts') }). */
  annotate<T extends Record<string, unknown>>(annotations: T): QuerySet<M, R & AnnotationValues<T>, A | (keyof T & string)> {
    return this.addAnnotations(annotations, true) as unknown as QuerySet<M, R & AnnotationValues<T>, A | (keyof T & string)>;
  }

  /** Like annotate(), for filtering and ordering only: not selected. */
  alias<T extends Record<string, unknown>>(annotations: T): QuerySet<M, R, A | (keyof T & string)> {
    return this.addAnnotations(annotations, false);
  }

  private addAnnotations(annotations: Record<string, unknown>, selected: boolean): QuerySet<M, R, A> {
    this.assertNotCombined(selected ? 'annotate' : 'alias');
    const entries = [...this.query.props.annotations];
    let scope = this.query.scope;
    for (const [name, value] of Object.entries(annotations)) {
      if (this.meta.findField(name)) throw new FieldError(`The annotation '${name}' conflicts with a field on ${this.meta.objectName}.`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.includes('__')) throw new FieldError(`'${name}' is not a valid annotation name.`);
      const expression = value instanceof Expression ? value : typeof value === 'string' ? new F(value) : undefined;
      if (!expression) throw new FieldError(`The annotation '${name}' must be an expression such as Count('posts') or F('field').`);
      const resolved = expression.resolve(scope);
      entries.push({ name, resolved, selected });
      scope = { ...scope, annotations: new Map([...scope.annotations, [name, resolved]]) };
    }
    // After values(), an annotation joins the values (and the values become the GROUP BY), as in Django.
    const values = this.query.props.values;
    if (values && selected) {
      const added = entries.slice(this.query.props.annotations.length).map((entry) => ({ name: entry.name, resolved: entry.resolved }));
      return this.derive({ annotations: entries, values: { ...values, entries: [...values.entries, ...added] } });
    }
    return this.derive({ annotations: entries });
  }

  /** Dicts of the named fields or expressions (all concrete fields when none are named). */
  values<const S extends ReadonlyArray<LookupKey<M, A> | Record<string, Expression>>>(...fields: S): QuerySet<M, ValuesRow<M, R, A, S>, A> {
    return this.withValues('values', fields);
  }

  /**
   * Lists of values: valuesList('id', 'title') gives [id, title] tuples,
   * valuesList('title', { flat: true }) single titles, { named: true } records.
   */
  valuesList<K extends LookupKey<M, A>>(field: K, options: { flat: true; named?: false }): QuerySet<M, ValueOf<M, R, A, K>, A>;
  valuesList<const S extends ReadonlyArray<LookupKey<M, A>>>(...args: [...S, { named: true; flat?: false }]): QuerySet<M, ValuesRow<M, R, A, S>, A>;
  valuesList<const S extends ReadonlyArray<LookupKey<M, A>>>(...fields: S): QuerySet<M, ValuesTuple<M, R, A, S>, A>;
  valuesList<const S extends ReadonlyArray<LookupKey<M, A>>>(...args: [...S, { flat?: false; named?: false }]): QuerySet<M, ValuesTuple<M, R, A, S>, A>;
  valuesList(...args: Array<LookupKey<M, A> | { flat?: boolean; named?: boolean }>): QuerySet<M, unknown, A>;
  valuesList(...args: Array<string | { flat?: boolean; named?: boolean }>): QuerySet<M, unknown, A> {
    const options = (typeof args[args.length - 1] === 'object' ? args.pop() : {}) as { flat?: boolean; named?: boolean };
    const fields = args as string[];
    if (options.flat && fields.length !== 1) throw new FieldError("valuesList(..., { flat: true }) takes exactly one field.");
    return this.withValues(options.flat ? 'flat' : options.named ? 'named' : 'valuesList', fields);
  }

  private withValues<T>(mode: 'values' | 'valuesList' | 'flat' | 'named', fields: ReadonlyArray<string | Record<string, Expression>>): QuerySet<M, T, A> {
    const scope = this.query.scope;
    const entries: Array<{ name: string; resolved: Resolved }> = [];
    const names = fields.length ? fields : [...this.meta.concreteFields.map((field) => field.attname), ...this.query.props.annotations.filter((a) => a.selected).map((a) => a.name)];
    for (const spec of names) {
      if (typeof spec === 'string') {
        entries.push({ name: spec, resolved: new F(spec).resolve(scope) });
      } else {
        for (const [name, expression] of Object.entries(spec)) entries.push({ name, resolved: expression.resolve(scope) });
      }
    }
    return this.derive({ values: { mode, entries } }) as unknown as QuerySet<M, T, A>;
  }

  only(...fields: string[]): QuerySet<M, R, A> {
    this.assertNotCombined('only');
    fields.forEach((name) => this.meta.getField(name));
    return this.derive({ only: fields, defer: [] });
  }

  defer(...fields: string[]): QuerySet<M, R, A> {
    this.assertNotCombined('defer');
    fields.forEach((name) => this.meta.getField(name));
    return this.derive({ defer: [...this.query.props.defer, ...fields] });
  }

  /** A QuerySet that matches nothing and never queries the database. */
  none(): QuerySet<M, R, A> {
    return this.derive({ empty: true });
  }

  /** Runs on another database alias. */
  using(alias: string): QuerySet<M, R, A> {
    return this.derive({ db: alias });
  }

  /** SELECT ... FOR UPDATE: only inside atomic(); `of` names relations whose rows to lock ('self' for this table). */
  selectForUpdate(options: { nowait?: boolean; skipLocked?: boolean; of?: string[]; noKey?: boolean } = {}): QuerySet<M, R, A> {
    this.assertNotCombined('selectForUpdate');
    if (options.nowait && options.skipLocked) throw new FieldError('selectForUpdate(): nowait and skipLocked cannot be used together.');
    const of = options.of ?? [];
    for (const name of of) if (name !== 'self') relationChain(this.model as ModelClass, name, 'selectForUpdate');
    return this.derive({ lock: { nowait: options.nowait ?? false, skipLocked: options.skipLocked ?? false, of, noKey: options.noKey ?? false } });
  }

  union(...others: Array<Combinable<M> | { all: boolean }>): QuerySet<M, R, A> {
    return this.combine('UNION', others);
  }
  intersection(...others: Array<Combinable<M>>): QuerySet<M, R, A> {
    return this.combine('INTERSECT', others);
  }
  difference(...others: Array<Combinable<M>>): QuerySet<M, R, A> {
    return this.combine('EXCEPT', others);
  }

  private combine(operator: 'UNION' | 'INTERSECT' | 'EXCEPT', others: Array<Combinable<M> | { all: boolean }>): QuerySet<M, R, A> {
    const all = others.some((other) => !(other instanceof QuerySet) && other.all);
    const sets = others.filter((other): other is Combinable<M> => other instanceof QuerySet);
    const queries = [this.query, ...sets.map((set) => set.query)];
    return new QuerySet(this.model, new Query(this.model as ModelClass).with({ combined: { operator, all, queries } }), this.prefetches) as unknown as QuerySet<M, R, A>;
  }

  /**
   * After union()/intersection()/difference() only what applies to the combined rows is
   * allowed: values(), valuesList(), orderBy(), slice(), count() ..., as in Django.
   */
  private assertNotCombined(method: string): void {
    const combined = this.query.props.combined;
    if (!combined) return;
    const name = { UNION: 'union', INTERSECT: 'intersection', EXCEPT: 'difference' }[combined.operator];
    throw new NotSupportedError(`Calling QuerySet.${method}() after ${name}() is not supported: ${method}() each QuerySet before combining them.`);
  }

  private assertNotSliced(method: string): void {
    if (this.query.isSliced) throw new FieldError(`Cannot use ${method}() once a QuerySet has been sliced: slice last.`);
  }

  // ---- running

  /** The database alias this QuerySet reads from. */
  get db(): string {
    return this.query.props.db ?? routeForRead(this.model);
  }

  protected connection(): Connection {
    return connections.get(this.db);
  }

  /** The SQL and parameters this QuerySet runs, without running it. */
  toSQL(): { sql: string; parameters: unknown[] } {
    const { statement } = compileSelect(this.query);
    // The parameters are a new array for every compilation: the caller may keep it.
    return { sql: statement.sql, parameters: statement.parameters };
  }

  /** Rows known already (a prefetched relation): fetch() returns them without a query. */
  protected knownResults: R[] | undefined;

  /** This QuerySet, answering with rows loaded already (prefetchRelated). */
  withResults(rows: R[]): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.knownResults = rows;
    return copy;
  }

  async fetch(): Promise<R[]> {
    if (this.knownResults) return [...this.knownResults];
    if (this.query.props.empty) return [];
    if (this.query.props.lock) assertInTransaction(this.db);
    const { statement, plan } = compileSelect(this.query);
    const db = this.db;
    const result = await connections.get(db).execute(statement, { name: statement.name });
    const rows = mapRows(plan, result.rows, db) as R[];
    if (this.prefetches.length && plan.mode === 'models' && rows.length) await prefetcher.get().run(rows as Model[], this.prefetches, db);
    return rows;
  }

  then<R1 = R[], R2 = never>(onFulfilled?: ((value: R[]) => R1 | PromiseLike<R1>) | null, onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.fetch().then(onFulfilled, onRejected);
  }

  /**
   * Rows one at a time. Big results stream through a server-side cursor in batches
   * of `chunkSize` rather than being held whole in memory.
   */
  async *iterator(options: { chunkSize?: number } = {}): AsyncGenerator<R> {
    if (this.query.props.empty) return;
    if (this.prefetches.length) {
      yield* await this.fetch();
      return;
    }
    const { statement, plan } = compileSelect(this.query);
    const db = this.db;
    for await (const rows of connections.get(db).streamBatches<Record<string, unknown>>(statement, options.chunkSize ?? 2000)) {
      yield* mapRows(plan, rows, db) as R[];
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<R> {
    return this.iterator();
  }

  async count(): Promise<number> {
    if (this.query.props.empty) return 0;
    const statement = compileCount(this.query);
    const result = await this.connection().execute<{ count: unknown }>(statement, { name: statement.name });
    return Number(result.rows[0].count);
  }

  async exists(): Promise<boolean> {
    if (this.query.props.empty) return false;
    const result = await this.connection().execute(compileExists(this.query));
    return result.rows.length > 0;
  }

  /** The one object matching; DoesNotExist or MultipleObjectsReturned otherwise. */
  async get(...conditions: Array<Conditions<M, A> | Q>): Promise<R> {
    if (conditions.length) this.assertNotCombined('get');
    const rows = await this.forGet(conditions).fetch();
    return theOneRow(this.model as ModelClass, rows, conditions);
  }

  /** What get() runs: the conditions added, unordered, and read up to 21 rows unless at most one can match. */
  forGet(conditions: ReadonlyArray<Conditions<M, A> | Q>): QuerySet<M, R, A> {
    const scoped = conditions.length ? this.filter(...conditions) : this;
    // As Django, at most 21 rows are read to report how many matched; no LIMIT where
    // the conditions let at most one row through (a primary key or unique value).
    const query = scoped.query;
    return query.isSliced ? scoped : scoped.derive(query.atMostOneRow ? NO_ORDERING : FIRST_21);
  }

  /** The first object by the ordering (the primary key when there is none), or null. */
  async first(): Promise<R | null> {
    const ordered = this.query.effectiveOrdering().length || this.query.props.combined ? this : this.orderBy('pk');
    const rows = await ordered.slice(0, 1).fetch();
    return rows[0] ?? null;
  }

  async last(): Promise<R | null> {
    const ordered = this.query.effectiveOrdering().length ? this.reverse() : this.orderBy('-pk');
    const rows = await ordered.slice(0, 1).fetch();
    return rows[0] ?? null;
  }

  async earliest(...fields: string[]): Promise<R> {
    return this.byLatest(fields, false);
  }

  async latest(...fields: string[]): Promise<R> {
    return this.byLatest(fields, true);
  }

  private async byLatest(fields: string[], latest: boolean): Promise<R> {
    const names = fields.length ? fields : [...this.meta.getLatestBy];
    if (!names.length) throw new FieldError(`${latest ? 'latest' : 'earliest'}() needs field names, or getLatestBy in the model's meta.`);
    const ordering = names.map((name) => (latest === name.startsWith('-') ? name.replace(/^-/, '') : `-${name.replace(/^-/, '')}`));
    const ordered = this.orderBy(...(latest ? ordering : names));
    return ordered.slice(0, 1).get();
  }

  /** aggregate({ total: Count('id'), latest: Max('created') }) -> { total, latest }. */
  async aggregate<T extends Record<string, Expression>>(aggregates: T): Promise<AnnotationValues<T>> {
    const scope = this.query.scope;
    const entries = Object.entries(aggregates).map(([name, expression]) => {
      if (!(expression instanceof Expression)) throw new FieldError(`aggregate(): '${name}' must be an aggregate expression such as Count('id').`);
      const resolved = expression.resolve(scope);
      if (!resolved.containsAggregate) throw new FieldError(`aggregate(): '${name}' is not an aggregate expression.`);
      return { name, resolved };
    });
    if (this.query.props.empty) return Object.fromEntries(entries.map(({ name, resolved }) => [name, resolved.outputField?.fromDb(null) ?? null])) as AnnotationValues<T>;
    const result = await this.connection().execute(compileAggregate(this.query, entries));
    const row = result.rows[0] ?? {};
    return Object.fromEntries(entries.map(({ name, resolved }, index) => {
      const value = row[`a${index}`];
      return [name, resolved.outputField && value !== null ? resolved.outputField.fromDb(value) : (resolved.outputField?.fromDb(null) ?? value ?? null)];
    })) as AnnotationValues<T>;
  }

  // ---- writing

  /** Creates and saves an object. */
  create(values: Record<string, unknown> = {}): Promise<M> {
    return writes.create(this as unknown as QuerySet<M>, values);
  }

  /**
   * [object, created]: the object matching `lookup`, or a new one from lookup and
   * defaults. As in Django, `defaults` may also be a key of the lookup.
   */
  getOrCreate(lookup: Record<string, unknown>, defaults?: Record<string, unknown>): Promise<[M, boolean]> {
    return writes.getOrCreate(this as unknown as QuerySet<M>, lookup, defaults);
  }

  /**
   * [object, created]: updates the object matching `lookup` with `defaults`, or
   * creates it (from `createDefaults` when given). As in Django, `defaults` and
   * `createDefaults` may also be keys of the lookup.
   */
  updateOrCreate(lookup: Record<string, unknown>, defaults?: Record<string, unknown>, createDefaults?: Record<string, unknown>): Promise<[M, boolean]> {
    return writes.updateOrCreate(this as unknown as QuerySet<M>, lookup, defaults, createDefaults);
  }

  /** Inserts many objects in few statements; sets their generated keys. */
  bulkCreate(objects: M[], options: { batchSize?: number; ignoreConflicts?: boolean } = {}): Promise<M[]> {
    return writes.bulkCreate(this as unknown as QuerySet<M>, objects, options);
  }

  /** Updates `fields` of many objects in one statement per batch; returns the rows changed. */
  bulkUpdate(objects: M[], fields: string[], options: { batchSize?: number } = {}): Promise<number> {
    return writes.bulkUpdate(this as unknown as QuerySet<M>, objects, fields, options);
  }

  /** UPDATE of every matching row; returns how many. */
  update(values: Record<string, unknown>): Promise<number> {
    this.assertNotCombined('update');
    return writes.update(this as unknown as QuerySet, values);
  }

  /** Deletes every matching row, cascading per onDelete; returns [total, per model label]. */
  delete(): Promise<[number, Record<string, number>]> {
    this.assertNotCombined('delete');
    return writes.deleteRows(this as unknown as QuerySet);
  }

  /** Objects by key: inBulk([1, 2]) -> Map { 1 => obj, 2 => obj }; { fieldName } for another unique field. */
  async inBulk(ids?: unknown[], options: { fieldName?: string } = {}): Promise<Map<unknown, M>> {
    const fieldName = options.fieldName ?? 'pk';
    const field = this.meta.getField(fieldName);
    if (fieldName !== 'pk' && !field.unique) throw new FieldError(`inBulk()'s fieldName must be a unique field; '${fieldName}' is not.`);
    if (ids !== undefined && ids.length === 0) return new Map();
    const rows = (await (ids === undefined ? this : this.filter({ [`${fieldName}__in`]: ids } as Conditions<M, A>)).fetch()) as unknown as M[];
    return new Map(rows.map((row) => [(row as unknown as Record<string, unknown>)[fieldName === 'pk' ? this.meta.pk.attname : field.attname], row]));
  }

  /** PostgreSQL's plan for this query (EXPLAIN, or EXPLAIN ANALYZE with { analyze: true }). */
  async explain(options: { analyze?: boolean } = {}): Promise<string> {
    const { statement } = compileSelect(this.query);
    const prefix = options.analyze ? 'EXPLAIN ANALYZE ' : 'EXPLAIN ';
    const result = await this.connection().execute<Record<string, string>>({ sql: prefix + statement.sql, parameters: statement.parameters });
    return result.rows.map((row) => Object.values(row)[0]).join('\n');
  }
}

/** Any QuerySet of model M, whatever its rows: what union() and the like combine. */
type Combinable<M extends Model> = QuerySet<M, unknown, string>;

/** get()'s answer from the rows it read: the one row, or DoesNotExist / MultipleObjectsReturned naming the conditions. */
export function theOneRow<R>(modelClass: ModelClass, rows: readonly R[], conditions: ReadonlyArray<object>): R {
  if (rows.length === 1) return rows[0];
  const model = modelClass as unknown as { DoesNotExist: new (message: string) => Error; MultipleObjectsReturned: new (message: string) => Error };
  const objectName = optionsOf(modelClass).objectName;
  const described = conditions.length ? describe(conditions) : '';
  if (rows.length === 0) throw new model.DoesNotExist(`${objectName} matching query does not exist${described ? `: ${described}` : ''}.`);
  throw new model.MultipleObjectsReturned(`get() returned more than one ${objectName}${described ? ` matching ${described}` : ''}: ${rows.length > 20 ? 'more than 20' : rows.length}.`);
}

function describe(conditions: ReadonlyArray<object>): string {
  return conditions.map((condition) => (condition && typeof condition === 'object' && !('children' in condition) ? JSON.stringify(condition, (_key, value) => (typeof value === 'bigint' ? String(value) : value)) : 'Q(...)')).join(', ');
}

function assertInTransaction(db: string): void {
  if (!inAtomicBlock(db)) {
    throw new TransactionManagementError('selectForUpdate() cannot be used outside of a transaction: wrap it in atomic(async () => { ... }).');
  }
}
