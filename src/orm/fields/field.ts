// The base of every model field: its column, how values cross to and from the
// database, validation, defaults, and what migrations need to recreate it.
import { ValidationError, ValidationErrors, validationCode } from '../errors';
import type { ModelClass } from '../model/types';

/** Throws a ValidationError (with its failure's code) for a value it refuses. */
export type Validator<T> = (value: T) => void;

/** What toJs() throws for a value the field's type cannot take: not a number, not a date, not an email. */
export function invalidValue(message: string): ValidationError {
  return new ValidationError(message, { code: 'HYPER_ORM_INVALID_VALUE' });
}

export interface FieldOptions<T = unknown> {
  primaryKey?: boolean;
  /** NULL allowed in the database. */
  null?: boolean;
  /** Empty allowed in validation (forms, fullClean). */
  blank?: boolean;
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  choices?: ReadonlyArray<readonly [T, string]>;
  dbColumn?: string;
  editable?: boolean;
  helpText?: string;
  verboseName?: string;
  validators?: ReadonlyArray<Validator<T>>;
}

/** The value an instance attribute holds for a field: T, or T | null when `null: true`. */
export type FieldValue<F> = F extends { readonly valueType: infer T; readonly options: infer O } ? (Declares<O, 'null'> extends true ? T | null : T) : never;

/**
 * Whether options O set `key: true`. A factory called without options inside model({...})
 * gets its options type from that context as `any`: that sets nothing.
 */
export type Declares<O, K extends string> = 0 extends 1 & O ? false : O extends { readonly [P in K]: true } ? true : false;

/** Any field, whatever its value type: for lists and maps of a model's fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- T is both taken (toDb) and given (fromDb), and Declares<> reads an `any` O as declaring nothing
export type AnyField = Field<any, any>;

const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export abstract class Field<T = unknown, O extends FieldOptions<T> = FieldOptions<T>> {
  /** For type inference only (never set): the attribute's value type. */
  declare readonly valueType: T;
  /** The attribute name on the model; set when the model is prepared. */
  name = '';
  /** The database column; from dbColumn, else the name in snake_case. */
  column = '';
  model: ModelClass | undefined;
  readonly options: O;

  constructor(options: O) {
    this.options = options;
  }

  /** The PostgreSQL column type, e.g. 'varchar(200)'. */
  abstract get dbType(): string;

  /** The field's type name, as migrations and messages call it ('CharField'). */
  get typeName(): string {
    return this.constructor.name;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }
  get nullable(): boolean {
    return this.options.null === true;
  }
  get unique(): boolean {
    return this.options.unique === true || this.primaryKey;
  }
  get editable(): boolean {
    return this.options.editable !== false;
  }
  /** Empty values pass validation. */
  get blank(): boolean {
    return this.options.blank === true;
  }
  /** A relation to another model (ForeignKey, OneToOneField, ManyToManyField). */
  get isRelation(): boolean {
    return false;
  }
  /** Has a column of its own in this model's table (ManyToManyField does not). */
  get concrete(): boolean {
    return true;
  }
  /** The instance attribute holding the column's value: `name`, or `authorId` for a ForeignKey. */
  get attname(): string {
    return this.name;
  }

  contribute(model: ModelClass, name: string): void {
    this.model = model;
    this.name = name;
    this.column = this.options.dbColumn ?? snakeCase(this.attname);
  }

  /**
   * Called when the model is prepared, for a field whose attribute is more than its
   * column's value (FileField's FieldFile): defines it on the prototype.
   */
  contributeToClass(_model: ModelClass): void {}

  /** A fresh copy with the same options, so a field map can be shared by several models. */
  clone(): this {
    const Constructor = this.constructor as new (options: O) => this;
    return new Constructor(this.options);
  }

  hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** Text fields store '' rather than NULL for "no value" (as Django does), unless null: true. */
  protected get emptyStringsAllowed(): boolean {
    return false;
  }

  getDefault(): T | null {
    const value = this.options.default;
    if (value === undefined) return this.emptyStringsAllowed && !this.nullable ? ('' as T) : null;
    return typeof value === 'function' ? (value as () => T)() : value;
  }

  /** A JS value as it is bound as a query parameter. */
  toDb(value: T | null): unknown {
    return value;
  }

  /** A value from the driver as the instance holds it. */
  fromDb(value: unknown): T | null {
    return value as T | null;
  }

  /** User input (a form, a JSON body) as the field's JS type; throws a message for bad input. */
  toJs(value: unknown): T | null {
    return value as T | null;
  }

  /** The value to save: autoNow fields replace it. */
  preSave(value: T | null, _adding: boolean): T | null {
    return value;
  }

  /** Empty for `blank`: null, undefined or ''. */
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === '';
  }

  /** Converts and validates one value; returns it as the instance should hold it (Django's clean()). */
  clean(value: unknown): T | null {
    // As Django's clean_fields(): an empty value of a blank field is not validated further.
    if (this.blank && this.isEmpty(value)) return value === undefined ? null : (value as T | null);
    let converted: T | null;
    try {
      converted = value === undefined || value === null ? null : this.toJs(value);
    } catch (error) {
      throw new ValidationError({ [this.name]: [(error as Error).message] }, { errorCodes: { [this.name]: [validationCode(error)] } });
    }
    const found = new ValidationErrors();
    if (converted === null && !this.nullable) found.add(this.name, 'This field cannot be null.', 'HYPER_ORM_VALUE_NULL');
    else if (this.isEmpty(converted) && !this.blank) found.add(this.name, 'This field cannot be blank.', 'HYPER_ORM_VALUE_BLANK');
    if (!this.isEmpty(converted)) {
      const choices = this.options.choices;
      if (choices && !choices.some(([choice]) => choice === converted)) {
        found.add(this.name, `Value ${JSON.stringify(converted)} is not a valid choice.`, 'HYPER_ORM_INVALID_CHOICE');
      }
      for (const check of [...this.validators(), ...(this.options.validators ?? [])]) {
        try {
          check(converted as T);
        } catch (error) {
          found.add(this.name, (error as Error).message, validationCode(error));
        }
      }
    }
    if (!found.empty) throw found.error();
    return converted;
  }

  /** The field type's own checks (max length, ranges, formats). */
  protected validators(): Validator<T>[] {
    return [];
  }

  /** What a migration needs to rebuild this field: its type name and options. */
  deconstruct(): { type: string; options: Record<string, unknown> } {
    return { type: this.typeName, options: { ...this.options } as Record<string, unknown> };
  }
}
