// The ORM's error catalogue. Database errors (IntegrityError, DataError, ...) live in
// src/db; these are the errors of the model and query layer.
import { HyperError, type HyperErrorOptions } from '../core/errors';

/** A name that is not a field: the message lists the valid ones. */
export class FieldError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_FIELD_ERROR', message, options);
  }
}

/**
 * Values that do not pass a field's or model's validation, by field name. One field
 * value's failure (a field's toJs() or validator) names itself with options.code.
 * `errorCodes` holds each message's code, field by field in the order of `errors` (what
 * Django's error_dict gives as each error's `.code`): a caller tells "too long" from
 * "already taken" without reading messages.
 */
export class ValidationError extends HyperError {
  readonly errors: Readonly<Record<string, string[]>>;
  readonly errorCodes: Readonly<Record<string, string[]>>;

  constructor(errors: string | Record<string, string[]>, options?: ValidationErrorOptions) {
    const byField = typeof errors === 'string' ? { __all__: [errors] } : errors;
    const summary = Object.entries(byField)
      .map(([field, messages]) => (field === '__all__' ? messages.join(' ') : `${field}: ${messages.join(' ')}`))
      .join('; ');
    const code = options?.code ?? 'HYPER_VALIDATION';
    super(code, summary, options);
    this.errors = byField;
    // A message given without a code of its own has the error's.
    this.errorCodes = Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.map((_message, index) => options?.errorCodes?.[field]?.[index] ?? code)]));
  }

  /** Whether `field` failed with `code` (Django's has_error()); any code when none is given. */
  hasError(field: string, code?: string): boolean {
    const codes = this.errorCodes[field];
    return codes !== undefined && (code === undefined || codes.includes(code));
  }
}

export interface ValidationErrorOptions extends HyperErrorOptions {
  /** The code of each message, by field, in the order of the messages. */
  errorCodes?: Record<string, string[]>;
}

/** The code of a failure a validator threw: a catalogue error's own, else a generic one. */
export function validationCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'HYPER_VALIDATION';
}

/** Collects messages and their codes by field, for one ValidationError at the end. */
export class ValidationErrors {
  readonly errors: Record<string, string[]> = {};
  readonly codes: Record<string, string[]> = {};

  add(field: string, message: string, code: string): void {
    (this.errors[field] ??= []).push(message);
    (this.codes[field] ??= []).push(code);
  }

  /** Every message of a ValidationError, with its code, under the fields it names. */
  merge(error: ValidationError): void {
    for (const [field, messages] of Object.entries(error.errors)) messages.forEach((message, index) => this.add(field, message, error.errorCodes[field]?.[index] ?? error.code));
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  error(): ValidationError {
    return new ValidationError(this.errors, { errorCodes: this.codes });
  }
}

/** The base of every model's DoesNotExist: catch this to catch them all. */
export class ObjectDoesNotExist extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_DOES_NOT_EXIST', message, options);
  }
}

export class MultipleObjectsReturned extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_MULTIPLE_OBJECTS', message, options);
  }
}

/** A relation was read before it was loaded (use selectRelated() or await instance.related()). */
export class RelatedObjectNotLoaded extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_RELATED_NOT_LOADED', message, options);
  }
}

/** delete() refused: objects still point here with onDelete PROTECT. */
export class ProtectedError extends HyperError {
  constructor(
    message: string,
    readonly protectedObjects: readonly unknown[],
  ) {
    super('HYPER_PROTECTED', message);
  }
}

/** delete() refused: objects still point here with onDelete RESTRICT. */
export class RestrictedError extends HyperError {
  constructor(
    message: string,
    readonly restrictedObjects: readonly unknown[],
  ) {
    super('HYPER_RESTRICTED', message);
  }
}

/**
 * A bug in the ORM's SQL compiler, never the user's input: a cached statement that
 * differs from a fresh compilation (HYPER_VERIFY_SQL_CACHE), a subquery compiled
 * with no compiler installed. Report it with the query that raised it.
 */
export class CompilerError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_ORM_COMPILER', message, options);
  }
}
