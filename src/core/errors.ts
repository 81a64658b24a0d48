// The core error catalogue. Every framework error carries a stable `code` so that
// programs can branch on it, and a message that fits on one line: what is wrong,
// where, and how to fix it.

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
  constructor(message: string, options?: { cause?: unknown }) {
    super('HYPER_IMPROPERLY_CONFIGURED', message, options);
  }
}

/** A time zone name that is not in the IANA database (timezone.activate(), the timezone filter). */
export class UnknownTimeZone extends HyperError {
  constructor(message: string) {
    super('HYPER_UNKNOWN_TIME_ZONE', message);
  }
}

/** A lookup by name (an app label, a command) found nothing. */
export class LookupError extends HyperError {
  constructor(message: string) {
    super('HYPER_LOOKUP', message);
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
