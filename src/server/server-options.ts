// What createServer() takes and what both adapters give back.
import type { RequestHandler, ServerRequest, ServerResponse } from './contract';
import { ResponseError, ServerConfigError } from './errors';
import type { ServerLimits } from './limits';
import type { CustomConverter } from './route-pattern';
import type { RouteDefinition } from './router';
import type { StaticMount } from './static-mount';

export interface CreateServerOptions {
  routes?: readonly RouteDefinition[];
  converters?: Record<string, CustomConverter>;
  handler: RequestHandler;
  limits?: Partial<ServerLimits>;
  /** 'auto' (default) is native when the addon loads, else node. */
  adapter?: 'native' | 'node' | 'auto';
  /** Static files answered before routing and the handler (the native server answers most of them alone). */
  staticMount?: StaticMount;
  /** Errors a handler threw or rejected with (after the 500 went out); default: console.error. */
  onError?: (error: unknown, request: ServerRequest) => void;
}

export interface ListenOptions {
  port: number;
  host?: string;
  /** SO_REUSEPORT, so several processes can listen on one port (native adapter). */
  reusePort?: boolean;
  backlog?: number;
  /** Serve on an inherited listening socket instead of binding (workers of a pool); the server takes it over and closes it on close(). */
  fd?: number;
}

export interface HyperServer {
  readonly adapter: 'native' | 'node';
  listen(options: ListenOptions): Promise<{ host: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish, closes idle connections; cuts the rest at the deadline (ms). */
  close(options?: { deadline?: number }): Promise<void>;
}

export function runHandler(
  handler: RequestHandler,
  request: ServerRequest,
  response: ServerResponse,
  match: Parameters<RequestHandler>[2],
  onError: (error: unknown, request: ServerRequest) => void,
): void {
  // No closure is made unless the handler returns a promise: this runs per request.
  try {
    const result = handler(request, response, match);
    if (result && typeof result.then === 'function') {
      result.then(
        () => {
          if (!response.headersSent && !response.aborted) {
            handlerFailed(new ResponseError(`The handler for ${request.method} ${request.path} settled without sending a response: send one (or throw) before its promise resolves.`, { code: 'HYPER_SERVER_NO_RESPONSE' }), request, response, onError);
          }
        },
        (error: unknown) => handlerFailed(error, request, response, onError),
      );
    }
  } catch (error) {
    handlerFailed(error, request, response, onError);
  }
}

function handlerFailed(error: unknown, request: ServerRequest, response: ServerResponse, onError: (error: unknown, request: ServerRequest) => void): void {
  if (!response.headersSent && !response.aborted) {
    const status = (error as { status?: unknown })?.status;
    const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
    try {
      response.send(code, { 'content-type': 'text/plain; charset=utf-8' }, code === 500 ? 'Internal Server Error' : '');
    } catch {
      // the connection is gone; nothing to answer
    }
  }
  if (!(error as { status?: unknown })?.status) onError(error, request);
}

export function checkListenOptions(options: ListenOptions): Required<Omit<ListenOptions, 'fd'>> & { fd: number | undefined } {
  if (!options || typeof options !== 'object') throw badListenOption(`listen() takes an object such as { port: 8000, host: '127.0.0.1' }, got ${String(options)}`);
  const { port = 0, host = '127.0.0.1', reusePort = false, backlog = 511, fd } = options;
  if (fd !== undefined && (!Number.isInteger(fd) || fd < 0)) throw badListenOption(`listen(): invalid fd ${String(fd)}: give an open socket's descriptor, an integer from 0`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badListenOption(`listen(): invalid port ${String(port)}: give an integer from 0 to 65535 (0 picks a free one)`);
  if (typeof host !== 'string' || !host) throw badListenOption(`listen(): invalid host ${String(host)}: give an address such as '127.0.0.1' or '0.0.0.0'`);
  if (!Number.isInteger(backlog) || backlog < 1 || backlog > 65535) throw badListenOption(`listen(): invalid backlog ${String(backlog)}: give an integer from 1 to 65535`);
  return { port, host, reusePort: Boolean(reusePort), backlog, fd };
}

function badListenOption(message: string): ServerConfigError {
  return new ServerConfigError(`${message}.`, { code: 'HYPER_SERVER_LISTEN_OPTION' });
}
