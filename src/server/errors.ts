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

/** The server could not start: its address cannot be bound, or a worker of a pool did not come up. */
export class ServerStartError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_SERVER_START', message, options);
  }
}

/** The error for an address that cannot be bound (`reason` is the system's); a port in use has a code of its own. */
export function listenFailed(host: string, port: number, reason: string): ServerStartError {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (/EADDRINUSE|in use/i.test(reason)) {
    return new ServerStartError(`That port is already in use (${where}): stop the process using it, or choose another port.`, { code: 'HYPER_SERVER_PORT_IN_USE' });
  }
  return new ServerStartError(`Cannot listen on ${where}: ${reason}. Check the address, and that this user may bind the port (ports below 1024 need privileges).`, { code: 'HYPER_SERVER_LISTEN' });
}

/** The request body could not be read whole: too large, malformed, timed out or aborted. */
export class RequestBodyError extends HyperError {
  readonly status: number;

  constructor(status: number, message: string) {
    super('HYPER_SERVER_REQUEST_BODY', message);
    this.status = status;
  }
}
