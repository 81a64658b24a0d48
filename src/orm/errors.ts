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
 */
export class ValidationError extends HyperError {
  readonly errors: Readonly<Record<string, string[]>>;

  constructor(errors: string | Record<string, string[]>, options?: HyperErrorOptions) {
    const byField = typeof errors === 'string' ? { __all__: [errors] } : errors;
    const summary = Object.entries(byField)
      .map(([field, messages]) => (field === '__all__' ? messages.join(' ') : `${field}: ${messages.join(' ')}`))
      .join('; ');
    super(options?.code ?? 'HYPER_VALIDATION', summary, options);
    this.errors = byField;
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
