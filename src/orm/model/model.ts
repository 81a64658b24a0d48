// The Model base class and model(), which declares a model's fields:
//
//   export class Post extends model({ title: CharField({ maxLength: 200 }) }, { ordering: ['-id'] }) {}
//
// Instances hold one plain property per column ('title', 'authorId'); relations are
// accessors (see prepare.ts); persistence is in ../query/persistence.ts.
import { Slot } from '../../core/slot';
import { FieldError, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError, ValidationErrors } from '../errors';
import type { AnyField } from '../fields/field';
import { CREATE_MODEL, DECLARATION, declarationOf, ModelState, optionsOf, STATE, stateOf, swappedBy } from './prepare';
import { MODEL_MARK } from './registry';
import type { Options } from './options';
import type { ModelClass, ModelMeta } from './types';

/** Passed to the constructor by the query layer: a row is about to be assigned, skip defaults. */
export const FROM_DB = Symbol('hyper.fromDb');

export interface Persistence {
  save(instance: Model, options: SaveOptions): Promise<void>;
  delete(instance: Model, options: { using?: string }): Promise<number>;
  refresh(instance: Model, options: { fields?: string[]; using?: string }): Promise<void>;
  related(instance: Model, name: string): Promise<unknown>;
  validateUnique(instance: Model, exclude: string[]): Promise<Record<string, string[]>>;
  manager(model: ModelClass): unknown;
}

/** The query layer, above the model layer, installs it (src/orm/install.ts). */
export const persistence = new Slot<Persistence>('The ORM query layer', "import hyperdjango/db (src/orm), whose installOrm() puts the query layer under the models.");

export interface SaveOptions {
  /** Only these fields are written (an UPDATE of those columns). */
  updateFields?: string[];
  using?: string;
  forceInsert?: boolean;
  forceUpdate?: boolean;
}

const doesNotExistClasses = new WeakMap<object, typeof ObjectDoesNotExist>();
const multipleClasses = new WeakMap<object, typeof MultipleObjectsReturned>();

export class Model {
  declare [STATE]: ModelState;

  constructor(values?: Record<string, unknown> | typeof FROM_DB) {
    // A plain assignment: symbol keys stay out of Object.keys, for...in and JSON anyway.
    (this as unknown as Record<symbol, ModelState>)[STATE] = new ModelState(values !== FROM_DB);
    if (values === FROM_DB) return;
    const meta = optionsOf(this.constructor as ModelClass);
    const given = values ?? {};
    const self = this as unknown as Record<string, unknown>;
    // Keys are counted rather than deleted: delete would slow every instance down (bulkCreate builds thousands).
    let used = 0;
    for (const field of meta.concreteFields) {
      const name = field.name;
      const attname = field.attname;
      if (name !== attname && name in given) {
        self[name] = given[name]; // the relation's setter also sets the key
        used += attname in given ? 2 : 1;
      } else if (attname in given) {
        self[attname] = given[attname];
        used += 1;
      } else if (name in given) {
        self[attname] = given[name];
        used += 1;
      } else {
        self[attname] = field.getDefault();
      }
    }
    if ('pk' in given) {
      self[meta.pk.attname] = given.pk;
      used += 1;
    }
    if (Object.keys(given).length !== used) {
      for (const field of meta.manyToManyFields) {
        if (field.name in given) {
          throw new FieldError(`${meta.objectName}(): set many-to-many '${field.name}' after saving, with await instance.${field.name}.set([...]); the constructor cannot take it.`, { code: 'HYPER_ORM_MANY_TO_MANY_IN_CONSTRUCTOR' });
        }
      }
      const known = new Set(meta.concreteFields.flatMap((field) => [field.name, field.attname]));
      const unknown = Object.keys(given).filter((key) => key !== 'pk' && !known.has(key));
      throw new FieldError(`${meta.objectName}() got unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}. Fields are: ${meta.fieldNames().join(', ')}.`, { code: 'HYPER_ORM_UNKNOWN_FIELD' });
    }
  }

  static get _meta(): Options {
    return optionsOf(this as unknown as ModelClass);
  }

  static isAbstractModel(): boolean {
    return declarationOf(this as unknown as ModelClass)?.meta.abstract === true;
  }

  /** The label of the model that replaces this one through its meta.swappable setting, or null. */
  static swappedBy(appLabel?: string): string | null {
    return swappedBy(this as unknown as ModelClass, appLabel);
  }

  /** The model's default manager: Post.objects.filter(...). */
  static get objects(): unknown {
    return persistence.get().manager(this as unknown as ModelClass);
  }

  /** Raised by get() when nothing matches; a subclass of ObjectDoesNotExist per model. */
  static get DoesNotExist(): typeof ObjectDoesNotExist {
    let error = doesNotExistClasses.get(this);
    if (!error) {
      error = { [`${this.name}DoesNotExist`]: class extends ObjectDoesNotExist {} }[`${this.name}DoesNotExist`];
      doesNotExistClasses.set(this, error);
    }
    return error;
  }

  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    let error = multipleClasses.get(this);
    if (!error) {
      error = { [`${this.name}MultipleObjectsReturned`]: class extends MultipleObjectsReturned {} }[`${this.name}MultipleObjectsReturned`];
      multipleClasses.set(this, error);
    }
    return error;
  }

  /** A new model class named `name`, of these fields, on Model itself (the through model prepare.ts makes for a many-to-many field). */
  static [CREATE_MODEL](name: string, fields: Record<string, AnyField>, meta: ModelMeta): ModelClass {
    const base = createModelClass(Model, fields, meta);
    return { [name]: class extends (base as unknown as typeof Model) {} }[name] as unknown as ModelClass;
  }

  /** A model that adds fields to this one: `class Post extends TimeStamped.extend({ title: ... }) {}`. */
  static extend<F extends Record<string, AnyField>>(this: ModelClass, fields: F, meta: ModelMeta = {}) {
    return createModelClass(this, fields, meta);
  }

  get pk(): unknown {
    return (this as unknown as Record<string, unknown>)[optionsOf(this.constructor as ModelClass).pk.attname];
  }

  set pk(value: unknown) {
    (this as unknown as Record<string, unknown>)[optionsOf(this.constructor as ModelClass).pk.attname] = value;
  }

  /** Inserts or updates the row. */
  async save(options: SaveOptions = {}): Promise<this> {
    await persistence.get().save(this, options);
    return this;
  }

  /** Deletes the row, and what depends on it per onDelete; returns how many rows went. */
  async delete(options: { using?: string } = {}): Promise<number> {
    return persistence.get().delete(this, options);
  }

  /** Reloads the fields (all, or those named) from the database. */
  async refreshFromDb(options: { fields?: string[]; using?: string } = {}): Promise<void> {
    await persistence.get().refresh(this, options);
  }

  /** Loads a relation (and keeps it): `await post.related('author')`, `await user.related('profile')`. */
  async related<T = unknown>(name: string): Promise<T> {
    return (await persistence.get().related(this, name)) as T;
  }

  /** Converts and validates every field, then clean(), then the unique checks; throws ValidationError. */
  async fullClean(options: { exclude?: string[]; validateUnique?: boolean } = {}): Promise<void> {
    const exclude = options.exclude ?? [];
    const found = new ValidationErrors();
    const self = this as unknown as Record<string, unknown>;
    const meta = optionsOf(this.constructor as ModelClass);
    for (const field of meta.concreteFields) {
      if (exclude.includes(field.name) || (field.primaryKey && self[field.attname] === null && field.typeName.endsWith('AutoField'))) continue;
      try {
        self[field.attname] = field.clean(self[field.attname]);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        found.merge(error);
      }
    }
    try {
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      found.merge(error);
    }
    if (options.validateUnique !== false) {
      const clashes = await persistence.get().validateUnique(this, [...exclude, ...Object.keys(found.errors)]);
      for (const [field, messages] of Object.entries(clashes)) for (const message of messages) found.add(field, message, 'HYPER_ORM_NOT_UNIQUE');
    }
    if (!found.empty) throw found.error();
  }

  /** Model-wide validation; override it and throw ValidationError. */
  clean(): void | Promise<void> {}

  /** The column values by field name (relations as their key), for JSON. */
  toJSON(): Record<string, unknown> {
    const meta = optionsOf(this.constructor as ModelClass);
    const self = this as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const field of meta.concreteFields) out[field.attname] = self[field.attname];
    for (const [name, value] of stateOf(this).related) if (meta.findField(name) && value !== undefined) out[name] = value;
    return out;
  }

  /** Same model and same primary key (unsaved instances are equal only to themselves). */
  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Model) || other.constructor !== this.constructor) return false;
    return this.pk !== null && this.pk !== undefined && this.pk === other.pk;
  }

  toString(): string {
    return `${this.constructor.name} object (${String(this.pk)})`;
  }
}

export function createModelClass(base: ModelClass | typeof Model, fields: Record<string, AnyField>, meta: ModelMeta): ModelClass {
  for (const [name, field] of Object.entries(fields)) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || name === 'pk' || name.includes('__')) {
      throw new FieldError(`'${name}' cannot be a field name: use an identifier without '__', and not 'pk'.`, { code: 'HYPER_ORM_INVALID_FIELD_NAME' });
    }
    if (!(field && typeof field === 'object' && 'dbType' in field)) {
      throw new FieldError(`The field '${name}' is not a field (got ${field === null ? 'null' : typeof field}): use CharField({...}), IntegerField(), ...`, { code: 'HYPER_ORM_NOT_A_FIELD' });
    }
  }
  const inherited = declarationOf(base as ModelClass)?.fields ?? [];
  const Declared = class extends (base as typeof Model) {};
  const declaration = {
    fields: [...inherited.filter(([name]) => !(name in fields)), ...Object.entries(fields)],
    meta,
  };
  Object.defineProperty(Declared, DECLARATION, { value: declaration });
  Object.defineProperty(Declared, MODEL_MARK, { value: true });
  return Declared as unknown as ModelClass;
}

