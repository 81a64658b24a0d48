// The cache framework's error catalogue (docs/errors.md, "Cache").
import { HyperError, InvalidArgument, type HyperErrorOptions } from '../core/errors';

/**
 * A cache could not do what was asked: the value is too large or cannot be stored as
 * JSON, the key holds no integer to increment, the store is unreachable. The code says which.
 */
export class CacheError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_CACHE_ERROR', message, options);
  }
}

/** A key the cache refuses: too long, or holding a space or control character (Django warns; here it is an error). */
export class InvalidCacheKey extends InvalidArgument {
  constructor(message: string) {
    super('HYPER_CACHE_INVALID_KEY', message);
  }
}

/** The store (Redis, the cache table's database) cannot be reached; a miss when OPTIONS.IGNORE_EXCEPTIONS is set. */
export class CacheUnavailable extends CacheError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: 'HYPER_CACHE_UNAVAILABLE', cause: options?.cause });
  }
}
