// Compiling a query: SQL is built through Kysely (identifiers quoted by it, every
// value a bound parameter), once per query shape. Values enter as numbered slots, so
// the SQL text of a shape is cached with the order its slots appear in, and a later
// query of the same shape only lines its values up.
import { isDeepStrictEqual } from 'node:util';
import type { QueryExecutorProvider, RawBuilder } from 'kysely';
import type { SchemalessKysely } from '../../db/connection';
import { CompilerError } from '../errors';

type KyselyModule = typeof import('kysely');
let kyselyModule: KyselyModule | undefined;
/**
 * Kysely, loaded when the first SQL is built: a command that declares models and
 * runs no query (`hyper check`) does not pay the tenth of a second it costs.
 */
function kysely(): KyselyModule {
  return (kyselyModule ??= require('kysely') as KyselyModule);
}

let compiling: SchemalessKysely | undefined;
/** What SQL compiles against: a Kysely instance that only compiles (PostgreSQL dialect); queries run through src/db. */
export const compiler: QueryExecutorProvider = {
  getExecutor: () => {
    if (!compiling) {
      const { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } = kysely();
      compiling = new Kysely({
        dialect: {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => new DummyDriver(),
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        },
      });
    }
    return compiling.getExecutor();
  },
};

type SqlTag = KyselyModule['sql'];
/** Kysely's `sql` tag and the helpers the ORM uses, forwarding to Kysely once it is loaded. */
export const sql = Object.assign((strings: TemplateStringsArray, ...parts: unknown[]) => kysely().sql(strings, ...parts), {
  id: ((...ids: string[]) => kysely().sql.id(...(ids as [string]))) as SqlTag['id'],
  raw: ((text: string) => kysely().sql.raw(text)) as SqlTag['raw'],
  join: ((items: readonly unknown[], separator?: RawBuilder<unknown>) => kysely().sql.join(items, separator)) as SqlTag['join'],
  ref: ((reference: string) => kysely().sql.ref(reference)) as SqlTag['ref'],
  lit: ((value: unknown) => kysely().sql.lit(value)) as SqlTag['lit'],
});

export type Sql = RawBuilder<unknown>;

/** What a collecting pass returns where SQL would be: never compiled, never read. */
export const NOTHING = Object.freeze({}) as Sql;

/** A bound value's place: Kysely carries it through as a parameter, we replace it by the value. */
export class Slot {
  constructor(readonly index: number) {}
}

export interface CompiledStatement {
  sql: string;
  parameters: unknown[];
  /**
   * Set once a shape whose plan cannot depend on its values has run more than once:
   * a named prepared statement on pg (parsed once per connection, and planned once
   * when PostgreSQL finds the generic plan as good as the custom ones).
   */
  name?: string;
}

/** The SQL of one shape, which slot feeds each `$n`, and what the caller keeps with it (a row plan). */
interface CachedShape<P> {
  sql: string;
  order: number[];
  plan: P;
  /** Undefined for a shape whose best plan may depend on the values: it is never prepared. */
  name: string | undefined;
  hits: number;
  /** The slots bind in the order they were collected. */
  inOrder: boolean;
}

/** A hot shape is prepared once per connection; cold ones are not, so one-off queries cost the server nothing. */
const HOT_AFTER = 2;
let shapeCount = 0;

const MAX_SHAPES = 5000;
/** One map per kind of statement, keyed by the query's own (cached) key string: no key is built per lookup. */
const shapesByKind = new Map<string, Map<string, CachedShape<unknown>>>();
let shapeTotal = 0;

/**
 * Compiles a statement of a given shape: the first time through Kysely, later by
 * running the same builder in collecting mode and lining the values up.
 *
 * `stablePlan` says the statement's best plan does not depend on its values (a row
 * found by a unique column's equality, an INSERT of VALUES): only such shapes, and
 * those without values, become named prepared statements. Sessions run with PostgreSQL's default plan cache mode,
 * in which a prepared statement switches to a generic plan (made without the values)
 * after five executions when it looks as cheap; for a range or LIKE condition on
 * skewed data that plan can be far slower for some values. Unnamed statements are
 * planned for their values at every execution.
 */
export function compileCached<C extends CompileContext, P>(
  kind: string,
  key: string,
  makeContext: (building: boolean) => C,
  build: (ctx: C, cachedPlan?: P) => { sql: Sql; plan: P },
  stablePlan = false,
): { statement: CompiledStatement; plan: P } {
  let shapes = shapesByKind.get(kind);
  if (!shapes) shapesByKind.set(kind, (shapes = new Map()));
  const cached = shapes.get(key) as CachedShape<P> | undefined;
  if (cached) {
    const ctx = makeContext(false);
    build(ctx, cached.plan);
    const values = ctx.values;
    const order = cached.order;
    let parameters = values;
    // Values collected in SQL order (most shapes) are the parameters as they are.
    if (!cached.inOrder || values.length !== order.length) {
      parameters = new Array<unknown>(order.length);
      for (let i = 0; i < order.length; i++) parameters[i] = values[order[i]];
    }
    cached.hits += 1;
    if (verifyCache()) verifyShape(kind, key, cached.sql, parameters, compileFresh(makeContext, build));
    return { statement: { sql: cached.sql, parameters, name: cached.hits >= HOT_AFTER ? cached.name : undefined }, plan: cached.plan };
  }
  const { ctx, sql: compiledSql, order, plan } = compileFresh(makeContext, build);
  if (shapeTotal >= MAX_SHAPES) clearShapeCache();
  shapeCount += 1;
  shapeTotal += 1;
  // Without values there is nothing for a plan to depend on (all the rows, say).
  const name = (stablePlan && !ctx.hasSubquery) || ctx.values.length === 0 ? `hyper_${shapeCount}` : undefined;
  shapes.set(key, { sql: compiledSql, order, plan, name, hits: 0, inOrder: order.every((slot, index) => slot === index) });
  return { statement: { sql: compiledSql, parameters: order.map((index) => ctx.values[index]) }, plan };
}

/** A statement compiled through Kysely, and which collected value feeds each `$n`. */
function compileFresh<C extends CompileContext, P>(makeContext: (building: boolean) => C, build: (ctx: C, cachedPlan?: P) => { sql: Sql; plan: P }) {
  const ctx = makeContext(true);
  const { sql: statement, plan } = build(ctx);
  const compiled = statement.compile(compiler);
  const order = compiled.parameters.map((parameter) => {
    if (!(parameter instanceof Slot)) throw new CompilerError('A value was bound without a slot.');
    return parameter.index;
  });
  return { ctx, sql: compiled.sql, order, plan };
}

let verifying: boolean | undefined;
/**
 * Under HYPER_VERIFY_SQL_CACHE=1 (the test suite sets it) every cache hit is also
 * compiled fresh and compared, so a cache key that misses a difference in the SQL
 * fails loudly instead of running another query's statement.
 */
export function verifyCache(): boolean {
  return (verifying ??= process.env.HYPER_VERIFY_SQL_CACHE === '1');
}

/** Turns cache verification on or off (tests of the check itself); undefined goes back to the environment. */
export function setVerifySqlCache(on: boolean | undefined): void {
  verifying = on;
}

function verifyShape(kind: string, key: string, sqlText: string, parameters: unknown[], fresh: { ctx: CompileContext; sql: string; order: number[] }): void {
  const freshParameters = fresh.order.map((index) => fresh.ctx.values[index]);
  if (fresh.sql !== sqlText) {
    throw new CompilerError(`The cached SQL of a ${kind} statement differs from a fresh compilation of the same shape key: the key misses a difference. Key: ${key}\nCached: ${sqlText}\nFresh:  ${fresh.sql}`);
  }
  if (!isDeepStrictEqual(freshParameters, parameters)) {
    throw new CompilerError(`The cached parameters of a ${kind} statement are not in the order a fresh compilation binds them. Key: ${key}\nSQL: ${sqlText}`);
  }
}

/**
 * The cached SQL (and plan) of a shape whose values bind in the order they were
 * collected (an INSERT's rows, a lookup by one value): the caller lines the values up
 * itself, skipping the collecting pass. Counted as a use of the shape. While verifying
 * (HYPER_VERIFY_SQL_CACHE=1), the caller compares with a fresh compilation itself.
 */
export function inOrderShape<P = unknown>(kind: string, key: string): { sql: string; name?: string; plan: P } | undefined {
  const cached = shapesByKind.get(kind)?.get(key) as CachedShape<P> | undefined;
  if (!cached || !cached.inOrder) return undefined;
  cached.hits += 1;
  return { sql: cached.sql, name: cached.hits >= HOT_AFTER ? cached.name : undefined, plan: cached.plan };
}

export function clearShapeCache(): void {
  shapesByKind.clear();
  shapeTotal = 0;
}

export function shapeCacheSize(): number {
  return shapeTotal;
}

/**
 * One compilation. Query nodes compile against it with `ctx.sql` and `ctx.param`:
 * when `building`, that produces SQL through Kysely; for a shape already cached it
 * only collects the values, in the same order, so both paths are the same code.
 */
export class CompileContext {
  private aliasCount = 0;
  /** Set when a subquery compiled into this statement: its plan may depend on the values whatever the outer query's shape. */
  hasSubquery = false;

  /** `values` is shared with the enclosing statement's context for subqueries. */
  constructor(
    readonly building: boolean,
    readonly values: unknown[] = [],
  ) {}

  /** A bound value. */
  param(value: unknown): Sql {
    this.values.push(value);
    return this.building ? sql`${new Slot(this.values.length - 1)}` : NOTHING;
  }

  /** SQL around fragments, refs and params (nothing is built when only collecting). */
  sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
    return this.building ? sql(strings, ...parts) : NOTHING;
  }

  /** A quoted "alias"."column" reference. */
  ref(alias: string, column: string): Sql {
    return this.building ? sql.ref(`${alias}.${column}`) : NOTHING;
  }

  id(name: string): Sql {
    return this.building ? sql.id(name) : NOTHING;
  }

  join(parts: readonly Sql[], separator = ', '): Sql {
    return this.building ? sql.join(parts, sql.raw(separator)) : NOTHING;
  }

  raw(text: string): Sql {
    return this.building ? sql.raw(text) : NOTHING;
  }

  /** A fresh table alias: t1, t2, ... (t0 is the query's own table). */
  nextAlias(): string {
    this.aliasCount += 1;
    return `t${this.aliasCount}`;
  }
}
