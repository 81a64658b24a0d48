// Database functions as expressions: Func for any function, and the common ones by
// name (Lower, Upper, Length, Coalesce, Concat, Cast, Now), Case/When, RawSQL and
// ExpressionWrapper.
import type { AnyField } from '../fields/field';
import { IntegerField } from '../fields/numeric';
import { DateTimeField } from '../fields/temporal';
import { TextField } from '../fields/text';
import { FieldError } from '../errors';
import { buildWhere } from '../query/where';
import { Expression, F, toExpression, Value, type Resolved, type ResolveScope } from './expression';
import type { Q } from './q';

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** `name(arg, ...)`; strings name fields (F), other values are bound. */
export class Func extends Expression {
  constructor(
    readonly name: string,
    readonly args: ReadonlyArray<unknown>,
    readonly outputField: AnyField | null = null,
  ) {
    super();
    if (!FUNCTION_NAME.test(name)) throw new FieldError(`'${name}' is not a function name.`);
  }

  protected argument(value: unknown): Expression {
    return typeof value === 'string' ? new F(value) : toExpression(value);
  }

  resolve(scope: ResolveScope): Resolved {
    const args = this.args.map((arg) => this.argument(arg).resolve(scope));
    const name = this.name;
    return {
      key: `${name}(${args.map((arg) => arg.key).join(',')})`,
      outputField: this.outputField ?? args[0]?.outputField ?? null,
      containsAggregate: args.some((arg) => arg.containsAggregate),
      compile: (ctx) => ctx.sql`${ctx.raw(name)}(${ctx.join(args.map((arg) => arg.compile(ctx)))})`,
    };
  }
}

export class Lower extends Func {
  constructor(expression: unknown) {
    super('LOWER', [expression]);
  }
}
export class Upper extends Func {
  constructor(expression: unknown) {
    super('UPPER', [expression]);
  }
}
export class Length extends Func {
  constructor(expression: unknown) {
    super('CHAR_LENGTH', [expression], new IntegerField({}));
  }
}
/** COALESCE(a, b, ...): bare values take the first expression's field, so Coalesce('rating', Value('0')) needs no cast. */
export class Coalesce extends Func {
  constructor(...expressions: unknown[]) {
    if (expressions.length < 2) throw new FieldError('Coalesce needs at least two expressions.');
    super('COALESCE', expressions);
  }
  resolve(scope: ResolveScope): Resolved {
    const first = this.argument(this.args[0]).resolve(scope);
    const field = first.outputField;
    const typed = this.args.map((arg, index) => {
      if (index === 0 || !field) return arg;
      const bare = arg instanceof Value && arg.outputField === null ? arg.value : arg instanceof Expression || typeof arg === 'string' ? undefined : arg;
      return bare === undefined ? arg : new Value(bare, field);
    });
    return new Func('COALESCE', typed, field).resolve(scope);
  }
}
export class Concat extends Func {
  constructor(...expressions: unknown[]) {
    super('CONCAT', expressions, new TextField({}));
  }
}
export class Now extends Expression {
  resolve(): Resolved {
    return { key: 'now', outputField: new DateTimeField({}), containsAggregate: false, compile: (ctx) => ctx.sql`STATEMENT_TIMESTAMP()` };
  }
}

/** CAST(expression AS the field's type). */
export class Cast extends Expression {
  constructor(
    readonly expression: unknown,
    readonly outputField: AnyField,
  ) {
    super();
  }
  resolve(scope: ResolveScope): Resolved {
    const inner = (typeof this.expression === 'string' ? new F(this.expression) : toExpression(this.expression)).resolve(scope);
    const type = this.outputField.dbType;
    return {
      key: `cast(${inner.key} as ${type})`,
      outputField: this.outputField,
      containsAggregate: inner.containsAggregate,
      compile: (ctx) => ctx.sql`CAST(${inner.compile(ctx)} AS ${ctx.raw(type)})`,
    };
  }
}

/** A condition and its result, for Case. */
export class When {
  readonly condition: Q | Record<string, unknown>;
  constructor(
    condition: Q | Record<string, unknown>,
    readonly then: unknown,
  ) {
    this.condition = condition;
  }
}

export class Case extends Expression {
  readonly whens: readonly When[];
  constructor(
    whens: When[] | When,
    readonly options: { default?: unknown; outputField?: AnyField } = {},
  ) {
    super();
    this.whens = Array.isArray(whens) ? whens : [whens];
  }
  resolve(scope: ResolveScope): Resolved {
    const branches = this.whens.map((when) => ({ condition: buildWhere(scope, when.condition), then: toExpression(when.then).resolve(scope) }));
    const otherwise = toExpression(this.options.default ?? null).resolve(scope);
    return {
      key: `case(${branches.map((b) => `${b.condition.key}->${b.then.key}`).join(';')};else ${otherwise.key})`,
      outputField: this.options.outputField ?? branches[0]?.then.outputField ?? null,
      containsAggregate: branches.some((b) => b.then.containsAggregate || b.condition.containsAggregate),
      compile: (ctx) =>
        ctx.sql`CASE ${ctx.join(branches.map((b) => ctx.sql`WHEN ${b.condition.compile(ctx)} THEN ${b.then.compile(ctx)}`), ' ')} ELSE ${otherwise.compile(ctx)} END`,
    };
  }
}

/** SQL written by the project (never user input), with its values bound: RawSQL('"views" * %s', [2]). */
export class RawSQL extends Expression {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
    readonly outputField: AnyField | null = null,
  ) {
    super();
    const placeholders = text.split('%s').length - 1;
    if (placeholders !== params.length) throw new FieldError(`RawSQL has ${placeholders} %s placeholders and ${params.length} params.`);
  }
  resolve(): Resolved {
    const pieces = this.text.split('%s');
    const params = this.params;
    return {
      key: `raw(${this.text})`,
      outputField: this.outputField,
      containsAggregate: false,
      compile: (ctx) => {
        const parts = pieces.flatMap((piece, index) => (index < params.length ? [ctx.raw(piece), ctx.param(params[index])] : [ctx.raw(piece)]));
        return ctx.sql`(${ctx.join(parts, '')})`;
      },
    };
  }
}

/** Gives an expression an output field (for arithmetic whose type cannot be inferred). */
export class ExpressionWrapper extends Expression {
  constructor(
    readonly expression: Expression,
    readonly outputField: AnyField,
  ) {
    super();
  }
  resolve(scope: ResolveScope): Resolved {
    const inner = this.expression.resolve(scope);
    return { ...inner, key: inner.key, outputField: this.outputField, compile: (ctx) => inner.compile(ctx) };
  }
}
