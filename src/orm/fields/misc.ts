// Booleans, UUIDs, JSON, bytes and arrays.
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors';
import { Field, invalidValue, type FieldOptions, type Validator } from './field';

export class BooleanField<O extends FieldOptions<boolean> = FieldOptions<boolean>> extends Field<boolean, O> {
  get dbType(): string {
    return 'boolean';
  }
  toJs(value: unknown): boolean | null {
    if (typeof value === 'boolean') return value;
    if (value === '') return null;
    if (value === 1 || value === '1' || value === 'true' || value === 'True' || value === 'on') return true;
    if (value === 0 || value === '0' || value === 'false' || value === 'False' || value === 'off') return false;
    throw invalidValue(`'${String(value)}' value must be either true or false.`);
  }
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined;
  }
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export class UUIDField<O extends FieldOptions<string> = FieldOptions<string>> extends Field<string, O> {
  get dbType(): string {
    return 'uuid';
  }
  toJs(value: unknown): string | null {
    if (value === '') return null;
    if (typeof value !== 'string' || !UUID.test(value.trim())) throw invalidValue(`'${String(value)}' is not a valid UUID.`);
    const hex = value.trim().replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** For `default: uuid4` on a UUIDField primary key. */
export const uuid4 = (): string => randomUUID();

export class JSONField<T = unknown, O extends FieldOptions<T> = FieldOptions<T>> extends Field<T, O> {
  get dbType(): string {
    return 'jsonb';
  }
  /** Always sent as JSON text: the driver would turn a JS array into a PostgreSQL array. */
  toDb(value: T | null): unknown {
    return value === null ? null : JSON.stringify(value);
  }
  // No fromDb(): both backends parse json and jsonb columns already (db/type-parsers.ts),
  // so a string here is a JSON string value ('{"a": 1}' stored as a string), never
  // JSON text to parse again.
  toJs(value: unknown): T | null {
    JSON.stringify(value);
    return value as T;
  }
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
  }
}

export class BinaryField<O extends FieldOptions<Buffer> = FieldOptions<Buffer>> extends Field<Buffer, O> {
  get dbType(): string {
    return 'bytea';
  }
  get editable(): boolean {
    return this.options.editable === true;
  }
  toJs(value: unknown): Buffer | null {
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value);
    if (typeof value === 'string') return Buffer.from(value, 'base64');
    throw invalidValue(`Expected bytes (a Buffer or base64 text), got ${typeof value}.`);
  }
  fromDb(value: unknown): Buffer | null {
    return value === null || Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
  }
}

export interface ArrayFieldOptions<T> extends FieldOptions<T[]> {
  size?: number;
}

/** A PostgreSQL array of another field's values: ArrayField(CharField({ maxLength: 20 })). */
export class ArrayField<T = unknown, O extends ArrayFieldOptions<T> = ArrayFieldOptions<T>> extends Field<T[], O> {
  constructor(
    readonly baseField: Field<T>,
    options: O = {} as O,
  ) {
    super(options);
  }
  clone(): this {
    return new (this.constructor as new (base: Field<T>, options: O) => this)(this.baseField.clone(), this.options);
  }
  get dbType(): string {
    return `${this.baseField.dbType}[]`;
  }
  toDb(value: T[] | null): unknown {
    return value === null ? null : value.map((item) => this.baseField.toDb(item));
  }
  fromDb(value: unknown): T[] | null {
    return value === null ? null : (value as unknown[]).map((item) => this.baseField.fromDb(item) as T);
  }
  toJs(value: unknown): T[] | null {
    if (!Array.isArray(value)) throw invalidValue(`Expected a list, got ${typeof value}.`);
    return value.map((item) => this.baseField.toJs(item) as T);
  }
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }
  protected validators(): Validator<T[]>[] {
    return [
      (value) => {
        if (this.options.size !== undefined && value.length > this.options.size) {
          throw new ValidationError(`List contains ${value.length} items, it should contain no more than ${this.options.size}.`, { code: 'HYPER_ORM_TOO_MANY_ITEMS' });
        }
        value.forEach((item) => this.baseField.clean(item));
      },
    ];
  }
  deconstruct(): { type: string; options: Record<string, unknown> } {
    return { type: this.typeName, options: { ...this.options, baseField: this.baseField.deconstruct() } as unknown as Record<string, unknown> };
  }
}
