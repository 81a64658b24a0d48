// The mail layer's error catalogue (docs/errors.md, "Mail").
import { HyperError, type HyperErrorOptions } from '../core/errors';

/**
 * A header value or address holding a line break: refused before anything is sent,
 * since a CR or LF there would let whoever wrote the value add headers (or a whole
 * body) to the mail, as Django's BadHeaderError.
 */
export class BadHeaderError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_MAIL_BAD_HEADER', message, options);
  }
}

/** Sending failed: the server refused the mail or could not be reached (the library's error is the cause). */
export class MailSendError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_MAIL_SEND_FAILED', message, options);
  }
}
