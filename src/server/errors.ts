// Errors of the server layer. Codes are stable; messages say what, where and how to fix.
import { HyperError, type HyperErrorOptions } from '../core/errors';

/** A route pattern, a limit or another server option is wrong. */
export class ServerConfigError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_SERVER_CONFIG', message, options);
  }
}

/** A handler used the response API wrongly (twice, bad header, after close). */
export class ResponseError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_SERVER_RESPONSE', message, options);
  }
}

/** The request body could not be read whole: too large, malformed, timed out or aborted. */
export class RequestBodyError extends HyperError {
  readonly status: number;

  constructor(status: number, message: string) {
    super('HYPER_SERVER_REQUEST_BODY', message);
    this.status = status;
  }
}
