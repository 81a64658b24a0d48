// Query expressions: F (a column), Value (a bound value), arithmetic between them, and
// the base every function and aggregate builds on. An expression is written against
// field names; resolve() checks the names against a model (FieldError otherwise) and
// gives a resolved expression that compiles to SQL with its values bound.
import type { AnyField } from '../fields/field';
import { BooleanField } from '../fields/misc';
import { BigIntegerField, FloatField, IntegerField } from '../fields/numeric';
import { TextField } from '../fields/text';
import type { ModelClass } from '../model/types';
import type { Sql } from '../query/compile-context';
import { resolvePath, type ResolvedPath } from '../query/path';
import type { QueryContext } from '../query/query-context';
import { FieldError } from '../errors';

export interface ResolveScope {
  model: ModelClass;
  /** Annotations already on the query: F('nPosts') refers to one. */
  annotations: ReadonlyMap<string, Resolved>;
}

export interface Resolved {
  /** The SQL's shape (no values): part of the query's cache key. */
  readonly key: string;
  readonly outputField: AnyField | null;
  readonly containsAggregate: boolean;
  compile(ctx: QueryContext): Sql;
}

export abstract class Expression {
  abstract resolve(scope: ResolveScope): Resolved;

  add(other: unknown): Combined {
    return new Combined(this, '+', other);
  }
  sub(other: unknown): Combined {
    return new Combined(this, '-', other);
  }
  mul(other: unknown): Combined {
    return new Combined(this, '*', other);
  }
  div(other: unknown): Combined {
    return new Combined(this, '/', other);
  }
  mod(other: unknown): Combined {
    return new Combined(this, '%', other);
  }
  pow(other: unknown): Combined {
    return new Combined(this, '^', other);
  }
  /** For orderBy: `F('price').desc({ nullsLast: true })`. */
  asc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, false, options);
  }
  desc(options: { nullsFirst?: boolean; nullsLast?: boolean } = {}): OrderBy {
    return new OrderBy(this, true, options);
  }
}

/** A value already converted for the database, bound as a parameter (for UPDATE ... SET). */
export function boundParameter(bound: unknown, field: AnyField): Resolved {
  return { key: 'val', outputField: field, containsAggregate: false, compile: (ctx) => ctx.param(bound) };
}

/** Anything not an expression becomes a bound Value. */
export function toExpression(value: unknown): Expression {
  return value instanceof Expression ? value : new Value(value);
}

export function resolveValue(value: unknown, scope: ResolveScope): Resolved {
  return toExpression(value).resolve(scope);
}

/** A reference to a field (across relations with __) or to an annotation. */
export class F extends Expression {
  constructor(readonly name: string) {
    super();
  }

  resolve(scope: ResolveScope): Resolved {
    const annotation = scope.annotations.get(this.name);
    if (annotation) return new AnnotationRef(this.name, annotation);
    const path = resolvePath(scope.model, this.name.split('__'));
    if (path.rest.length) throw new FieldError(`F('${this.name}'): '${path.rest.join('__')}' is not a field; F() refers to fields, not lookups.`);
    return new ColumnRef(path);
  }
}

export class ColumnRef implements Resolved {
  readonly key: string;
  readonly containsAggregate = false;
  constructor(readonly path: ResolvedPath) {
    this.key = `col(${path.joinKey}.${path.field.column})`;
  }
  get outputField(): AnyField {
    return this.path.field;
  }
  compile(ctx: QueryContext): Sql {
    return ctx.column(this.path);
  }
}

class AnnotationRef implements Resolved {
  readonly key: string;
  constructor(
    readonly name: string,
    readonly target: Resolved,
  ) {
    this.key = `ann(${name})`;
  }
  get outputField(): AnyField | null {
    return this.target.outputField;
  }
  get containsAggregate(): boolean {
    return this.target.containsAggregate;
  }
  compile(ctx: QueryContext): Sql {
    // Repeats the annotation's SQL: PostgreSQL does not let WHERE or HAVING refer to a select alias.
    return this.target.compile(ctx);
  }
}

/** A value bound as a parameter; `outputField` converts it (Value(5, IntegerField())). */
export class Value extends Expression {
  constructor(
    readonly value: unknown,
    readonly outputField: AnyField | null = null,
  ) {
    super();
  }
  resolve(): Resolved {
    const value = this.value;
    // Typed from the JS value when no field is given: PostgreSQL cannot infer a parameter's
    // type inside CONCAT, CASE or COALESCE.
    const field = this.outputField ?? inferField(value);
    const bound = field && value !== null ? field.toDb(value) : value;
    const type = field?.dbType;
    return {
      key: value === null ? 'null' : `val${type ? `:${type}` : ''}`,
      outputField: field,
      containsAggregate: false,
      compile: (ctx) => (value === null ? ctx.sql`NULL` : type ? ctx.sql`${ctx.param(bound)}::${ctx.raw(type)}` : ctx.param(bound)),
    };
  }
}

function inferField(value: unknown): AnyField | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? (Math.abs(value) > 2147483647 ? new BigIntegerField({}) : new IntegerField({})) : new FloatField({});
  if (typeof value === 'string') return new TextField({});
  if (typeof value === 'boolean') return new BooleanField({});
  return null;
}

/** lhs <op> rhs, for F('views').add(1) and the like. */
export class Combined extends Expression {
  constructor(
    readonly lhs: Expression,
    readonly operator: '+' | '-' | '*' | '/' | '%' | '^',
    readonly rhs: unknown,
  ) {
    super();
  }
  resolve(scope: ResolveScope): Resolved {
    const lhs = this.lhs.resolve(scope);
    const rhs = resolveValue(this.rhs, scope);
    const operator = this.operator;
    return {
      key: `(${lhs.key}${operator}${rhs.key})`,
      outputField: lhs.outputField ?? rhs.outputField,
      containsAggregate: lhs.containsAggregate || rhs.containsAggregate,
      compile: (ctx) => ctx.sql`(${lhs.compile(ctx)} ${ctx.raw(operator)} ${rhs.compile(ctx)})`,
    };
  }
}

export class OrderBy {
  constructor(
    readonly expression: Expression,
    readonly descending: boolean,
    readonly nulls: { nullsFirst?: boolean; nullsLast?: boolean } = {},
  ) {}
}
