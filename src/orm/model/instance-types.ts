// The types model() gives a class: instance attributes from the field declarations
// (`title: string`, `authorId`, `tags: ManyRelatedManager<Tag>`), an `id` unless a
// primary key is declared, and the static side (objects, DoesNotExist, _meta).
import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors';
import type { AnyField, Declares, FieldValue } from '../fields/field';
import type { ForeignKey, ManyToManyField } from '../fields/related';
import type { Manager } from '../query/manager';
import type { ManyRelatedManager } from '../query/related-managers';
import type { Model } from './model';
import type { Options } from './options';
import type { ModelMeta } from './types';

export type FieldMap = Record<string, AnyField>;

type Attributes<F extends FieldMap> = {
  -readonly [K in keyof F]: F[K] extends ManyToManyField<infer T, infer _O> ? ManyRelatedManager<T> : FieldValue<F[K]>;
};

type ForeignKeyIds<F extends FieldMap> = {
  -readonly [K in keyof F as F[K] extends ForeignKey<infer _M, infer _O> ? `${K & string}Id` : never]: F[K] extends ForeignKey<infer _M, infer O>
    ? Declares<O, 'null'> extends true
      ? number | string | null
      : number | string
    : never;
};

type DeclaresPrimaryKey<F extends FieldMap> = true extends { [K in keyof F]: Declares<F[K]['options'], 'primaryKey'> }[keyof F] ? true : false;

type ImplicitId<F extends FieldMap> = DeclaresPrimaryKey<F> extends true ? unknown : { id: number };

// A type-only key: it carries the field declarations on the instance type, so the query
// layer can type filter() keys and values() rows from them (no property at run time).
declare const FIELDS: unique symbol;

export type Instance<F extends FieldMap> = Model & Attributes<F> & ForeignKeyIds<F> & ImplicitId<F> & { readonly [FIELDS]?: F };

/** The field declarations behind an instance type; never for a type model() did not make (plain Model). */
export type FieldsOf<M> = M extends { readonly [FIELDS]?: infer F } ? (F extends FieldMap ? F : never) : never;

type Columns<F extends FieldMap> = {
  -readonly [K in keyof F as F[K] extends ManyToManyField<infer _T, infer _O> | ForeignKey<infer _M, infer _O2> ? never : K]: FieldValue<F[K]>;
} & ForeignKeyIds<F> & ImplicitId<F>;

/** A row of values() without arguments: every column by its attribute name (`authorId`), as run time selects them. */
export type ColumnsOf<M> = [FieldsOf<M>] extends [never] ? Record<string, unknown> : Columns<FieldsOf<M>>;

/**
 * What a value of `name` is in a values() row: a column's value; a forward key's key
 * (values('author') selects the key, as in Django); unknown for anything else.
 */
export type ColumnValue<M, K extends string> = [FieldsOf<M>] extends [never]
  ? unknown
  : K extends keyof Columns<FieldsOf<M>>
    ? Columns<FieldsOf<M>>[K]
    : `${K}Id` extends keyof Columns<FieldsOf<M>>
      ? Columns<FieldsOf<M>>[`${K}Id`]
      : unknown;

/**
 * The names a filter() key may start with: the fields (`author`, `tags`), the key
 * attributes (`authorId`), the implicit `id`, and the relations the class declares
 * (`declare posts: RelatedManager<Post>`); any string for a type model() did not make.
 */
export type FieldNamesOf<M> = [FieldsOf<M>] extends [never]
  ? string
  : (keyof FieldsOf<M> & string) | (keyof Columns<FieldsOf<M>> & string) | DeclaredRelations<M>;

type DeclaredRelations<M> = {
  [K in keyof M & string]: K extends keyof Model ? never : NonNullable<M[K]> extends Model | { readonly model: unknown; readonly query: unknown } ? K : never;
}[keyof M & string];

/** What `new Post({...})` accepts: any field by name (relations as objects or as `<name>Id`). */
export type InitialValues<F extends FieldMap> = Partial<{ [K in keyof F]: F[K] extends ManyToManyField<infer _T, infer _O> ? never : FieldValue<F[K]> }> &
  Partial<ForeignKeyIds<F>> & { id?: number; pk?: unknown };

export interface ModelStatics<I extends Model> {
  readonly objects: Manager<I>;
  readonly DoesNotExist: typeof ObjectDoesNotExist;
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
  readonly _meta: Options;
}

export interface ModelConstructor<F extends FieldMap> extends ModelStatics<Instance<F>> {
  new (values?: InitialValues<F>): Instance<F>;
  readonly prototype: Instance<F>;
  extend<G extends FieldMap>(fields: G, meta?: ModelMeta): ModelConstructor<Omit<F, keyof G> & G>;
}
