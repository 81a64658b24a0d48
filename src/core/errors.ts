// The core error catalogue. Every framework error carries a stable `code` so that
// programs can branch on it, and a message that fits on one line: what is wrong,
// where, and how to fix it.

/**
 * What every catalogue error's constructor takes last: `code` names the failure when a
 * class covers several (docs/errors.md lists every code), `cause` the error behind it.
 */
export interface HyperErrorOptions {
  code?: string;
  cause?: unknown;
}

export class HyperError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The project is set up wrongly: bad settings, a missing app, a broken layout. */
export class ImproperlyConfigured extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_IMPROPERLY_CONFIGURED', message, options);
  }
}

/** A time zone name that is not in the IANA database (timezone.activate(), the timezone filter). */
export class UnknownTimeZone extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_UNKNOWN_TIME_ZONE', message, options);
  }
}

/** A lookup by name (an app label, a command) found nothing. */
export class LookupError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_LOOKUP', message, options);
  }
}

/**
 * A framework function was called with a value it cannot take: the wrong type, out of
 * range, a malformed name. The caller's mistake, not the project's configuration
 * (ImproperlyConfigured) nor a client's input (the web layer's errors). The code is
 * always the failure's own.
 */
export class InvalidArgument extends HyperError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The client (or code acting for it) asked for something it must not: the web layer
 * answers 400 and a log line, never details. Its kin are in src/http/errors.ts and
 * src/files/errors.ts.
 */
export class SuspiciousOperation extends HyperError {
  readonly status: number = 400;
  constructor(message: string, code = 'HYPER_SUSPICIOUS') {
    super(code, message);
  }
}

/** Where in a user's file something went wrong. Paths are absolute. */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/**
 * A user's file could not be compiled or evaluated. The message already names
 * file:line:col; `location` carries the same for programs.
 */
export class UserCodeError extends HyperError {
  readonly location: SourceLocation | undefined;

  constructor(code: string, message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(code, message, options);
    this.location = location;
  }
}
