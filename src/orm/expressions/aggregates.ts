// Aggregates: Count, Sum, Avg, Min, Max, StdDev, Variance, with `distinct` and a
// `filter` (a Q) as in Django: Count('posts', { filter: Q({ posts__published: true }) }).
import type { AnyField } from '../fields/field';
import { DecimalField, FloatField, IntegerField } from '../fields/numeric';
import type { QueryContext } from '../query/query-context';
import { buildWhere } from '../query/where';
import { Expression, F, toExpression, type Resolved, type ResolveScope } from './expression';
import type { Q } from './q';

export interface AggregateOptions {
  distinct?: boolean;
  filter?: Q;
}

/** COUNT comes back from PostgreSQL as bigint: a JS number here. */
class CountField extends IntegerField {
  fromDb(value: unknown): number | null {
    return value === null ? 0 : Number(value);
  }
}

export abstract class Aggregate extends Expression {
  protected abstract readonly functionName: string;

  constructor(
    readonly source: string | Expression,
    readonly options: AggregateOptions = {},
  ) {
    super();
  }

  protected abstract output(source: AnyField | null): AnyField | null;

  resolve(scope: ResolveScope): Resolved {
    const source = this.source === '*' ? undefined : (typeof this.source === 'string' ? new F(this.source) : toExpression(this.source)).resolve(scope);
    const filter = this.options.filter ? buildWhere(scope, this.options.filter) : undefined;
    const name = this.functionName;
    const distinct = this.options.distinct === true;
    return {
      key: `${name}(${distinct ? 'distinct ' : ''}${source?.key ?? '*'})${filter ? `[${filter.key}]` : ''}`,
      outputField: this.output(source?.outputField ?? null),
      containsAggregate: true,
      compile: (ctx: QueryContext) => {
        const argument = source ? source.compile(ctx) : ctx.raw('*');
        const call = ctx.sql`${ctx.raw(name)}(${ctx.raw(distinct ? 'DISTINCT ' : '')}${argument})`;
        return filter ? ctx.sql`${call} FILTER (WHERE ${filter.compile(ctx)})` : call;
      },
    };
  }
}

export class Count extends Aggregate {
  protected readonly functionName = 'COUNT';
  constructor(source: string | Expression = '*', options: AggregateOptions = {}) {
    super(source, options);
  }
  protected output(): AnyField {
    return new CountField({});
  }
}

/** Sum and Avg of decimals stay exact strings; of integers, Sum is a number, Avg a float. */
class NumericResult extends FloatField {
  fromDb(value: unknown): number | null {
    return value === null ? null : Number(value);
  }
}

export class Sum extends Aggregate {
  protected readonly functionName = 'SUM';
  protected output(source: AnyField | null): AnyField | null {
    return source instanceof DecimalField ? source : new NumericResult({});
  }
}
export class Avg extends Aggregate {
  protected readonly functionName = 'AVG';
  protected output(source: AnyField | null): AnyField | null {
    return source instanceof DecimalField ? source : new NumericResult({});
  }
}
export class Min extends Aggregate {
  protected readonly functionName = 'MIN';
  protected output(source: AnyField | null): AnyField | null {
    return source;
  }
}
export class Max extends Aggregate {
  protected readonly functionName = 'MAX';
  protected output(source: AnyField | null): AnyField | null {
    return source;
  }
}
/** Population statistics by default; `sample: true` for the sample (n - 1) form. */
abstract class SpreadAggregate extends Aggregate {
  protected readonly functionName: string;
  constructor(source: string | Expression, options: AggregateOptions & { sample?: boolean } = {}, names: readonly [population: string, sample: string]) {
    super(source, options);
    this.functionName = options.sample ? names[1] : names[0];
  }
  protected output(): AnyField {
    return new NumericResult({});
  }
}

export class StdDev extends SpreadAggregate {
  constructor(source: string | Expression, options: AggregateOptions & { sample?: boolean } = {}) {
    super(source, options, ['STDDEV_POP', 'STDDEV_SAMP']);
  }
}

export class Variance extends SpreadAggregate {
  constructor(source: string | Expression, options: AggregateOptions & { sample?: boolean } = {}) {
    super(source, options, ['VAR_POP', 'VAR_SAMP']);
  }
}
