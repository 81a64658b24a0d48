// The serializers' error catalogue: a fixture that cannot be read or written. The
// message names where (file, object index, model, field) and what is wrong.
import { HyperError, type HyperErrorOptions } from '../../core/errors';

/** A model instance could not be written as fixture data (a natural key missing, ...). */
export class SerializationError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_SERIALIZATION', message, options);
  }
}

/** Fixture data that cannot be loaded: bad JSON, an unknown model or field, a value of the wrong type. */
export class DeserializationError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_DESERIALIZATION', message, options);
  }
}
