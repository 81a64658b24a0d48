// Relations: ForeignKey (a column holding another row's key), OneToOneField (a unique
// ForeignKey) and ManyToManyField (a table of pairs). The target is given lazily,
// `() => User`, or by label, 'auth.User' or 'self', so models may refer to each other
// in any order.
import { FieldError } from '../errors';
import type { Model } from '../model/model';
import { resolveReference } from '../model/registry';
import type { ModelClass } from '../model/types';
import { Field, type FieldOptions } from './field';

export type OnDelete = 'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING';
export const ON_DELETE: readonly OnDelete[] = ['CASCADE', 'PROTECT', 'RESTRICT', 'SET_NULL', 'SET_DEFAULT', 'DO_NOTHING'];

export type ModelReference<M extends Model = Model> = (() => ModelClass<M>) | string;

/** The model a reference names, seen from `from` ('self', a bare name in its app, 'app.Model', a thunk). */
export function resolveModelReference(reference: ModelReference, from: ModelClass): ModelClass {
  return resolveReference(reference, from);
}

export interface RelationOptions<T> extends FieldOptions<T> {
  /** The name of the reverse accessor on the target (default: `<model>Set`, or `<model>` for one-to-one). */
  relatedName?: string;
  /** The name used for reverse lookups in filters (default: relatedName, else the model name). */
  relatedQueryName?: string;
}

export interface ForeignKeyOptions<M extends Model> extends RelationOptions<M> {
  onDelete: OnDelete;
  /** Create the FOREIGN KEY constraint (default true). */
  dbConstraint?: boolean;
}

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export abstract class RelatedField<M extends Model, O extends RelationOptions<M>> extends Field<M, O> {
  private resolved: ModelClass<M> | undefined;

  constructor(
    readonly to: ModelReference<M>,
    options: O,
  ) {
    super(options);
  }

  get isRelation(): boolean {
    return true;
  }

  clone(): this {
    return new (this.constructor as new (to: ModelReference<M>, options: O) => this)(this.to, this.options);
  }

  /** The model this field points at. */
  get target(): ModelClass<M> {
    this.resolved ??= resolveReference(this.to as ModelReference, this.model!) as ModelClass<M>;
    return this.resolved;
  }

  /** The reverse accessor's name on the target model. */
  abstract get relatedName(): string;

  /** The name reverse lookups use: `User.objects.filter({ posts__title: ... })`. */
  get relatedQueryName(): string {
    return this.options.relatedQueryName ?? this.options.relatedName ?? camel(this.model!.name);
  }

  deconstruct(): { type: string; options: Record<string, unknown> } {
    const target = this.target as unknown as { _meta: { label: string } };
    return { type: this.typeName, options: { ...this.options, to: target._meta.label } as unknown as Record<string, unknown> };
  }
}

export class ForeignKey<M extends Model = Model, O extends ForeignKeyOptions<M> = ForeignKeyOptions<M>> extends RelatedField<M, O> {
  constructor(to: ModelReference<M>, options: O) {
    super(to, options);
    if (!ON_DELETE.includes(options?.onDelete)) {
      throw new FieldError(`${new.target.name} needs onDelete, one of ${ON_DELETE.join(', ')} (got ${String(options?.onDelete)}): ${new.target.name}(() => Target, { onDelete: 'CASCADE' }).`, { code: 'HYPER_ORM_ON_DELETE_REQUIRED' });
    }
    if ((options.onDelete === 'SET_NULL') && !options.null) {
      throw new FieldError(`onDelete SET_NULL needs null: true on the ${new.target.name}: add null: true, or choose another onDelete.`, { code: 'HYPER_ORM_SET_NULL_NEEDS_NULL' });
    }
  }

  /** `author` is held as `authorId`. */
  get attname(): string {
    return `${this.name}Id`;
  }

  get onDelete(): OnDelete {
    return this.options.onDelete;
  }

  private targetKey: Field | undefined;

  /** The target's field this one stores: its primary key (kept: it is read for every row). */
  get targetField(): Field {
    this.targetKey ??= (this.target as unknown as { _meta: { pk: Field } })._meta.pk;
    return this.targetKey;
  }

  get dbType(): string {
    const type = this.targetField.dbType;
    // The target's identity is generated there; here it is a plain column of the same type.
    return type;
  }

  get relatedName(): string {
    return this.options.relatedName ?? `${camel(this.model!.name)}Set`;
  }

  toDb(value: unknown): unknown {
    return this.targetField.toDb(value);
  }

  fromDb(value: unknown): M | null {
    return this.targetField.fromDb(value) as M | null;
  }

  toJs(value: unknown): M | null {
    return this.targetField.toJs(value) as M | null;
  }
}

export class OneToOneField<M extends Model = Model, O extends ForeignKeyOptions<M> = ForeignKeyOptions<M>> extends ForeignKey<M, O> {
  get unique(): boolean {
    return true;
  }
  get relatedName(): string {
    return this.options.relatedName ?? camel(this.model!.name);
  }
}

export interface ManyToManyOptions<M extends Model> extends RelationOptions<M[]> {
  /** A model for the pairs table, with a ForeignKey to each side (default: created for you). */
  through?: ModelReference;
  /** The pairs table's name when it is created for you (default `<table>_<field>`). */
  dbTable?: string;
}

export class ManyToManyField<M extends Model = Model, O extends ManyToManyOptions<M> = ManyToManyOptions<M>> extends Field<M[], O> {
  private resolved: ModelClass<M> | undefined;
  /** The model of the pairs table; set when the model is prepared. */
  through: ModelClass | undefined;

  constructor(
    readonly to: ModelReference<M>,
    options: O = {} as O,
  ) {
    super(options);
  }

  clone(): this {
    return new (this.constructor as new (to: ModelReference<M>, options: O) => this)(this.to, this.options);
  }

  get isRelation(): boolean {
    return true;
  }
  get concrete(): boolean {
    return false;
  }
  get dbType(): string {
    return '';
  }
  get target(): ModelClass<M> {
    this.resolved ??= resolveReference(this.to as ModelReference, this.model!) as ModelClass<M>;
    return this.resolved;
  }
  get relatedName(): string {
    return this.options.relatedName ?? `${camel(this.model!.name)}Set`;
  }
  get relatedQueryName(): string {
    return this.options.relatedQueryName ?? this.options.relatedName ?? camel(this.model!.name);
  }
  /** The `through` model the project declared, if any. */
  declaredThrough(): ModelClass | undefined {
    return this.options.through === undefined ? undefined : resolveReference(this.options.through, this.model!);
  }
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }
  deconstruct(): { type: string; options: Record<string, unknown> } {
    const target = this.target as unknown as { _meta: { label: string } };
    return { type: this.typeName, options: { ...this.options, to: target._meta.label } as unknown as Record<string, unknown> };
  }
}
