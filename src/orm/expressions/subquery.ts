// Subqueries: Subquery(queryset) as a value, Exists(queryset) as a condition, and
// OuterRef('field') inside them for a column of the enclosing query.
//
//   Post.objects.annotate({ lastComment: Subquery(Comment.objects.filter({ post: OuterRef('pk') }).orderBy('-id').values('text').slice(0, 1)) })
//   Author.objects.filter({ active: Exists(Post.objects.filter({ author: OuterRef('pk'), published: true })) })
import { FieldError } from '../errors';
import type { AnyField } from '../fields/field';
import { BooleanField } from '../fields/misc';
import type { ModelClass } from '../model/types';
import type { Query } from '../query/query';
import type { QueryContext } from '../query/query-context';
import { resolvePath } from '../query/path';
import { Expression, type Resolved } from './expression';

interface QueryHolder {
  readonly query: Query;
  readonly model: ModelClass;
}

/** A column of the enclosing query, named from the enclosing model. */
export class OuterRef extends Expression {
  constructor(readonly name: string) {
    super();
  }

  resolve(): Resolved {
    const name = this.name;
    return {
      key: `outer(${name})`,
      outputField: null,
      containsAggregate: false,
      compile: (ctx: QueryContext) => {
        const outer = ctx.outer;
        if (!outer) throw new FieldError(`OuterRef('${name}') is only valid inside a Subquery or Exists.`);
        const path = resolvePath(outer.model, name.split('__'));
        if (path.rest.length) throw new FieldError(`OuterRef('${name}'): '${path.rest.join('__')}' is not a field.`);
        return outer.column(path);
      },
    };
  }
}

/** A subquery's single value (use values('field') and a slice of one row). */
export class Subquery extends Expression {
  constructor(
    readonly queryset: QueryHolder,
    readonly outputField: AnyField | null = null,
  ) {
    super();
  }

  resolve(): Resolved {
    const query = this.queryset.query;
    const first = query.props.values?.entries[0];
    return {
      key: `sub(${query.key})`,
      outputField: this.outputField ?? first?.resolved.outputField ?? null,
      containsAggregate: false,
      compile: (ctx: QueryContext) => ctx.sql`(${ctx.compileSubquery(query)})`,
    };
  }
}

/** EXISTS (subquery): a boolean, for filter() and annotate(). */
export class Exists extends Expression {
  constructor(
    readonly queryset: QueryHolder,
    readonly negated = false,
  ) {
    super();
  }

  not(): Exists {
    return new Exists(this.queryset, !this.negated);
  }

  resolve(): Resolved {
    const query = this.queryset.query.with({ ordering: [], low: 0, high: null });
    const negated = this.negated;
    return {
      key: `${negated ? 'not ' : ''}exists(${query.key})`,
      outputField: new BooleanField({}),
      containsAggregate: false,
      compile: (ctx: QueryContext) => {
        const sub = ctx.compileSubquery(query, { columns: (inner) => [inner.raw('1')] });
        return ctx.sql`${ctx.raw(negated ? 'NOT ' : '')}EXISTS (${sub})`;
      },
    };
  }
}
