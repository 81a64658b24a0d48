// The compile context of one SELECT (or UPDATE/DELETE): table aliases and the joins
// that conditions, orderings and selected relations need, each join made once.
import { CompilerError } from '../errors';
import { CompileContext, NOTHING, type Sql } from './compile-context';
import type { RelationStep, ResolvedPath } from './path';
import type { Query } from './query';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';

/** What a subquery selects instead of its own select list (a key for IN, 1 for EXISTS). */
export interface SubqueryOptions {
  columns?: (inner: QueryContext) => Sql[];
}

/**
 * Compiles a query as a subquery into `inner`: the compiler installs it on the
 * contexts it makes, so WHERE nodes and expressions never import the compiler.
 */
export type SubqueryCompiler = (inner: QueryContext, query: Query, options: SubqueryOptions) => Sql;

interface Join {
  alias: string;
  sql: Sql;
}

export class QueryContext extends CompileContext {
  readonly baseAlias: string;
  /** Made on the first join: most statements have none. */
  private joins: Map<string, Join> | undefined;
  private joinCount = 0;

  /** A subquery passes the outer values and its own alias letter ('u'), so its aliases never shadow the outer ones. */
  constructor(
    building: boolean,
    readonly model: ModelClass,
    values?: unknown[],
    private readonly aliasLetter = 't',
    /** The enclosing query, for a subquery's OuterRef(). */
    readonly outer?: QueryContext,
    private readonly subqueries?: SubqueryCompiler,
  ) {
    super(building, values);
    this.baseAlias = aliasLetter === 't' ? 't0' : `${aliasLetter}0`;
  }

  /** A context for a subquery: the same values, its own alias letter. */
  subquery(model: ModelClass): QueryContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk starts at this context and goes outwards
    for (let ctx: QueryContext | undefined = this; ctx; ctx = ctx.outer) ctx.hasSubquery = true;
    const letter = String.fromCharCode(this.aliasLetter.charCodeAt(0) + 1);
    return new QueryContext(this.building, model, this.values, letter, this, this.subqueries);
  }

  /** `query` as a subquery of this one (its SELECT, unparenthesised), its values bound in order with ours. */
  compileSubquery(query: Query, options: SubqueryOptions = {}): Sql {
    if (!this.subqueries) throw new CompilerError(`A subquery on ${query.model.name} was compiled in a context the compiler did not make (no subquery compiler installed).`);
    return this.subqueries(this.subquery(query.model), query, options);
  }

  nextAlias(): string {
    this.joinCount += 1;
    return `${this.aliasLetter}${this.joinCount}`;
  }

  /** The alias of the table at the end of `steps`, joining what is missing. */
  aliasFor(steps: readonly RelationStep[], forceLeft = false): string {
    let alias = this.baseAlias;
    let key = '';
    let inner = !forceLeft;
    for (const step of steps) {
      key = key ? `${key}__${step.name}` : step.name;
      inner = inner && !step.nullable;
      const existing = this.joins?.get(key);
      if (existing) {
        alias = existing.alias;
        continue;
      }
      const joinAlias = this.nextAlias();
      const kind = this.raw(inner ? 'INNER JOIN' : 'LEFT OUTER JOIN');
      const table = this.id(optionsOf(step.to).dbTable);
      let sqlText: Sql;
      if (step.through) {
        const throughAlias = this.nextAlias();
        sqlText = this.sql` ${kind} ${this.id(step.through.table)} AS ${this.id(throughAlias)} ON ${this.ref(throughAlias, step.through.fromColumn)} = ${this.ref(alias, step.fromColumn)} ${kind} ${table} AS ${this.id(joinAlias)} ON ${this.ref(joinAlias, step.toColumn)} = ${this.ref(throughAlias, step.through.toColumn)}`;
      } else {
        sqlText = this.sql` ${kind} ${table} AS ${this.id(joinAlias)} ON ${this.ref(joinAlias, step.toColumn)} = ${this.ref(alias, step.fromColumn)}`;
      }
      (this.joins ??= new Map()).set(key, { alias: joinAlias, sql: sqlText });
      alias = joinAlias;
    }
    return alias;
  }

  /** The column a resolved path ends on, as "alias"."column". */
  column(path: Pick<ResolvedPath, 'steps' | 'field'>): Sql {
    return this.ref(this.aliasFor(path.steps), path.field.column);
  }

  joinSql(): Sql {
    if (!this.building) return NOTHING;
    return this.join(this.joins ? [...this.joins.values()].map((join) => join.sql) : [], '');
  }

  /** Whether anything needed a join (an UPDATE or DELETE then selects its rows by key). */
  get hasJoins(): boolean {
    return this.joins !== undefined;
  }
}
