// The web layer's error catalogue. The handler turns each into a response:
// Http404 -> 404, PermissionDenied -> 403, SuspiciousOperation (and its kin) -> 400,
// RequestDataTooBig -> 413, BadRequest -> 400, Ratelimited -> 429, anything else -> 500.
import { HyperError, SuspiciousOperation, type HyperErrorOptions } from '../core/errors';

export class Http404 extends HyperError {
  readonly status = 404;
  constructor(message = 'Not found', options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_HTTP_404', message, options);
  }
}

export class PermissionDenied extends HyperError {
  readonly status = 403;
  constructor(message = 'Permission denied', options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_PERMISSION_DENIED', message, options);
  }
}

// SuspiciousOperation lives in the core catalogue: the file storages (below this
// layer) refuse suspicious names with a subclass of it.
export { SuspiciousOperation };

export class DisallowedHost extends SuspiciousOperation {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_DISALLOWED_HOST');
  }
}

/** A redirect to a scheme that would run code or data in the browser (javascript:, data:, ...): 400, as Django's DisallowedRedirect. */
export class DisallowedRedirect extends SuspiciousOperation {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_DISALLOWED_REDIRECT');
  }
}

export class TooManyFieldsSent extends SuspiciousOperation {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_TOO_MANY_FIELDS');
  }
}

export class TooManyFilesSent extends SuspiciousOperation {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_TOO_MANY_FILES');
  }
}

export class RequestDataTooBig extends SuspiciousOperation {
  override readonly status = 413;
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_DATA_TOO_BIG');
  }
}

/**
 * Too many requests (hyperdjango/ratelimit): 429, with the Retry-After and RateLimit-*
 * headers the handler puts on the response.
 */
export class Ratelimited extends HyperError {
  readonly status = 429;
  readonly headers: Record<string, string>;
  constructor(message = 'Too many requests', headers: Record<string, string> = {}, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_RATELIMITED', message, options);
    this.headers = headers;
  }
}

/** A malformed request (bad JSON, broken multipart): 400, with a message safe to show. */
export class BadRequest extends HyperError {
  readonly status = 400;
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_BAD_REQUEST', message, options);
  }
}

/** Throws the 400 for a multipart body that breaks RFC 7578's framing or part headers. */
export function malformedMultipart(problem: string): never {
  throw new BadRequest(`Malformed multipart body: ${problem}.`);
}

/** The status an error maps to, or 500. */
export function statusOf(error: unknown): number {
  if (error instanceof Http404) return 404;
  if (error instanceof PermissionDenied) return 403;
  if (error instanceof Ratelimited) return 429;
  if (error instanceof SuspiciousOperation || error instanceof BadRequest) return error.status;
  return 500;
}
