// The types model() gives a class: instance attributes from the field declarations
// (`title: string`, `authorId`, `tags: ManyRelatedManager<Tag>`), an `id` unless a
// primary key is declared, and the static side (objects, DoesNotExist, _meta).
import type { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors';
import type { AnyField, FieldValue } from '../fields/field';
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
    ? O extends { null: true }
      ? number | string | null
      : number | string
    : never;
};

type DeclaresPrimaryKey<F extends FieldMap> = true extends { [K in keyof F]: F[K] extends { options: { primaryKey: true } } ? true : false }[keyof F] ? true : false;

export type Instance<F extends FieldMap> = Model & Attributes<F> & ForeignKeyIds<F> & (DeclaresPrimaryKey<F> extends true ? unknown : { id: number });

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
