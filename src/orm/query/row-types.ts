// The types of what a QuerySet gives: QuerySet<M, R> yields R, which is M (model
// instances) until values(), valuesList() or annotate() narrow it. Type-only: every
// name here is erased at build time.
import type { Avg, Count, StdDev, Sum, Variance } from '../expressions/aggregates';
import type { Exists } from '../expressions/subquery';
import type { ColumnsOf, ColumnValue, FieldNamesOf } from '../model/instance-types';

/** The value an annotation gives, as the run time converts it (see aggregates.ts). */
export type AnnotationValue<E> = E extends Count
  ? number
  : E extends Exists
    ? boolean
    : E extends Sum | Avg
      ? number | string | null // a string for decimals, kept exact
      : E extends StdDev | Variance
        ? number | null
        : unknown;

export type AnnotationValues<T> = Simplify<{ -readonly [K in keyof T]: AnnotationValue<T[K]> }>;

/** The names a lookup may start with: fields, key attributes, declared relations, 'pk', annotations and aliases (A). */
export type LookupName<M, A extends string> = FieldNamesOf<M> | 'pk' | A;

/** `title`, `title__icontains`, `author__username`: the first segment is checked, the rest is free. */
export type LookupKey<M, A extends string> = LookupName<M, A> | `${LookupName<M, A>}__${string}`;

/** filter()'s object form: `{ title__icontains: 'node' }`; a misspelt field is a compile error. */
export type Conditions<M, A extends string = never> = { [K in LookupKey<M, A>]?: unknown };

/** What values('name') gives for `name`: a column, a key, an annotation of R; unknown across relations. */
export type ValueOf<M, R, A extends string, K extends string> = K extends A ? (K extends keyof R ? R[K] : unknown) : ColumnValue<M, K>;

/** A values() row: the columns (and selected annotations) when no name is given, else the names given. */
export type ValuesRow<M, R, A extends string, S extends readonly unknown[]> = S extends readonly []
  ? Simplify<ColumnsOf<M> & Pick<R, A & keyof R>>
  : Simplify<NamedValues<M, R, A, S>>;

type NamedValues<M, R, A extends string, S extends readonly unknown[]> = S extends readonly [infer Head, ...infer Rest]
  ? (Head extends string ? { [P in Head]: ValueOf<M, R, A, Head> } : AnnotationValues<Head>) & NamedValues<M, R, A, Rest>
  : unknown;

/** A valuesList() tuple: the value of each name given, in order. */
export type ValuesTuple<M, R, A extends string, S extends readonly string[]> = S extends readonly [] ? unknown[] : { -readonly [I in keyof S]: ValueOf<M, R, A, S[I]> };

type Simplify<T> = { [K in keyof T]: T[K] } & {};
