// The request cycle: Request in, middleware (onion order), URL resolution, the
// view, and every exception turned into a response at each layer (as Django's
// convert_exception_to_response), so outer middleware always sees a response.
// serve() bridges the handler to the server contract (src/server).
import { settings, settingsConfigured, settingsVersion } from '../conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../core/errors';
import { requestScope } from '../conf/timezone';
import type { MiddlewareEntry } from '../conf/global-settings';
import { loadMiddlewareEntry } from './middleware-entry';
import { type ResolverMatch, Resolver404, getResolver, urlconfGeneration } from '../urls/resolver';
import { flattenUrlconf } from '../urls/flatten';
import { UrlRouteTable } from '../urls/route-table';
import type { RouteDefinition, RouteMatch } from '../server/router';
import { type HttpConfig, DEFAULT_HTTP_CONFIG, httpConfigFromSettings } from './config';
import { BadRequest, Http404, PermissionDenied, Ratelimited, RequestDataTooBig, SuspiciousOperation } from './errors';
import { defaultErrorPage, technical404, technical500, welcomePage } from './error-pages';
import { Request, type RawRequest } from './request';
import { BaseResponse, HttpResponse } from './response';
import type { Handler, Middleware } from './types';
import { writeResponse, type ResponseSink } from './write-response';
import { defaultLog, type LogFunction } from './log';
import { errorReporter } from './error-reporter';

export { defaultLog, type LogFunction };

export interface WebHandlerOptions {
  /** Default: settings.MIDDLEWARE. */
  middleware?: readonly (MiddlewareEntry | Middleware)[];
  config?: HttpConfig;
  /** Hosts allowed besides the config's ALLOWED_HOSTS (the test client's 'testserver'). */
  extraAllowedHosts?: readonly string[];
  log?: LogFunction;
  /** Default: settings.BASE_DIR; where project middleware modules are found. */
  baseDir?: string;
  /** Called after each response is written (runserver's request log). */
  onResponse?: (request: Request, response: BaseResponse, ms: number) => void;
}

function isResponse(value: unknown): value is BaseResponse {
  return value instanceof BaseResponse;
}

export class WebHandler {
  readonly log: LogFunction;
  private currentConfig!: HttpConfig;
  private chain!: Handler;
  private builtFor = -1;
  private readonly onResponse: WebHandlerOptions['onResponse'];

  constructor(private readonly options: WebHandlerOptions = {}) {
    this.log = options.log ?? defaultLog;
    this.onResponse = options.onResponse;
    this.build();
  }

  get config(): HttpConfig {
    this.refresh();
    return this.currentConfig;
  }

  /**
   * Middleware read their settings when they are made, so after the settings change
   * (overrideSettings() in a test) the chain is made again, before the next request.
   */
  private refresh(): void {
    if (this.builtFor === settingsVersion()) return;
    try {
      this.build();
    } catch (error) {
      // A bad MIDDLEWARE override: each request answers with the error, as a failing middleware would.
      this.chain = this.convert(() => {
        throw error;
      });
    }
  }

  private build(): void {
    const options = this.options;
    this.builtFor = settingsVersion();
    const base = options.config ?? (settingsConfigured() ? httpConfigFromSettings() : DEFAULT_HTTP_CONFIG);
    this.currentConfig = options.extraAllowedHosts?.length ? { ...base, allowedHosts: [...base.allowedHosts, ...options.extraAllowedHosts] } : base;
    const entries = options.middleware ?? (settingsConfigured() ? settings.MIDDLEWARE : []);
    const baseDir = options.baseDir ?? (settingsConfigured() ? settings.BASE_DIR : process.cwd());
    const factories = entries.map((entry) => loadMiddlewareEntry(entry, baseDir));
    let handler: Handler = this.convert((request) => this.viewResponse(request));
    for (let i = factories.length - 1; i >= 0; i--) {
      const next = factories[i](handler);
      if (typeof next !== 'function') {
        throw new ImproperlyConfigured(`MIDDLEWARE[${i}] (${describeEntry(entries[i])}) returned ${describe(next)} instead of a handler function: a middleware is (getResponse) => (request) => response.`, { code: 'HYPER_MIDDLEWARE_NOT_A_HANDLER' });
      }
      // A middleware with nothing to do under these settings hands back the next handler: no layer at all.
      if (next !== handler) handler = this.convert(next);
    }
    this.chain = handler;
  }

  /** The response for a request; never throws (a promise, or the response itself when everything was synchronous). */
  handle(request: Request): BaseResponse | Promise<BaseResponse> {
    this.refresh();
    try {
      request.getHost();
    } catch (error) {
      return this.responseForException(request, error);
    }
    // Its own time zone scope, so that timezone.activate() in one request stays in it.
    return requestScope(this.chain, request);
  }

  private routeTable: { table: UrlRouteTable; generation: number } | null = null;

  /**
   * The URL configuration as a table for the server to route (prefixes flattened),
   * or null when it cannot be loaded now (the resolver then reports why, per request).
   */
  serverRoutes(): readonly RouteDefinition[] | null {
    try {
      const generation = urlconfGeneration();
      const table = new UrlRouteTable(flattenUrlconf(getResolver()));
      this.routeTable = { table, generation };
      return table.serverRoutes;
    } catch {
      this.routeTable = null;
      return null;
    }
  }

  /** The server's handler: (ServerRequest, ServerResponse, its route match) => void | Promise<void>. */
  readonly serve = (raw: RawRequest, sink: ResponseSink, route?: RouteMatch): void | Promise<void> => {
    const request = new Request(raw, this.config);
    if (route?.kind === 'found') request.routed = this.routed(raw.target, route.routeId, route.params);
    const start = this.onResponse ? performance.now() : 0;
    const result = this.handle(request);
    if (!isThenable(result)) return this.finish(request, result, sink, start);
    return Promise.resolve(result).then((response) => this.finish(request, response, sink, start));
  };

  /** The resolver's answer from the server's, when the server matched exactly what the resolver would. */
  private routed(target: string, routeId: number, params: Record<string, unknown>): ResolverMatch | null {
    const current = this.routeTable;
    if (!current || current.generation !== urlconfGeneration()) return null;
    // The resolver sees the path decoded with its own rules; an escaped path is left to it.
    const escape = target.indexOf('%');
    if (escape >= 0) {
      const query = target.indexOf('?');
      if (query < 0 || escape < query) return null;
    }
    return current.table.resolverMatch(routeId, params);
  }

  private finish(request: Request, response: BaseResponse, sink: ResponseSink, start: number): void | Promise<void> {
    let written: Promise<void> | undefined;
    try {
      written = writeResponse(request, response, sink, this.log);
    } finally {
      if (!written && request.hasParsedForm) void request.cleanup();
    }
    if (!written) {
      this.onResponse?.(request, response, performance.now() - start);
      return;
    }
    return written.then(
      () => {
        this.onResponse?.(request, response, performance.now() - start);
      },
    ).finally(() => {
      if (request.hasParsedForm) void request.cleanup();
    });
  }

  private convert(handler: Handler): Handler {
    // Synchronous answers stay synchronous: a promise hop per layer is measurable.
    const check = (response: unknown): BaseResponse => {
      if (!isResponse(response)) throw notAResponse(`A middleware or view returned ${describe(response)} instead of a response: return an HttpResponse (or render(), redirect() ...).`);
      return response;
    };
    return (request) => {
      let result: ReturnType<Handler>;
      try {
        result = handler(request);
      } catch (error) {
        return this.responseForException(request, error);
      }
      if (result instanceof BaseResponse) return result;
      if (!isThenable(result)) {
        try {
          return check(result);
        } catch (error) {
          return this.responseForException(request, error);
        }
      }
      return Promise.resolve(result).then(check).catch((error: unknown) => this.responseForException(request, error));
    };
  }

  private viewResponse(request: Request): BaseResponse | Promise<BaseResponse> {
    const match = request.viewMatch();
    request.params = match.params;
    const response = match.func(request, match.params);
    if (isThenable(response)) return Promise.resolve(response).then((value: unknown) => this.checkView(match, value));
    return this.checkView(match, response);
  }

  private checkView(match: ResolverMatch, response: unknown): BaseResponse {
    if (!isResponse(response)) {
      throw notAResponse(`The view ${match.viewName} didn't return a response. It returned ${describe(response)}: return an HttpResponse (or render(), redirect() ...), or raise Http404.`);
    }
    return response;
  }

  async responseForException(request: Request, error: unknown): Promise<BaseResponse> {
    const custom = this.customHandler(error);
    if (error instanceof Http404) {
      if (custom) return custom(request, error);
      if (this.config.debug && error instanceof Resolver404 && error.tried.length === 0 && request.path === '/') return welcomePage();
      if (this.config.debug) return technical404(request, error as Resolver404, settingsConfigured() ? settings.ROOT_URLCONF : null);
      return defaultErrorPage(404, request);
    }
    if (error instanceof PermissionDenied) {
      if (custom) return custom(request, error);
      return defaultErrorPage(403, request);
    }
    if (error instanceof Ratelimited) {
      // A client going too fast is no server error: no log, no report, the 429 page with its headers.
      const response = await defaultErrorPage(429, request);
      for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
      return response;
    }
    if (error instanceof BadRequest) {
      // The message says what was wrong with the client's input (e.g. the JSON position); it is safe to show.
      return new HttpResponse(`${error.message}\n`, { status: 400, contentType: 'text/plain; charset=utf-8' });
    }
    if (error instanceof SuspiciousOperation) {
      this.log('warning', `${error.name}: ${error.message}`);
      const status = error instanceof RequestDataTooBig ? 413 : 400;
      if (custom && status === 400) return custom(request, error);
      return defaultErrorPage(status, request);
    }
    this.log('error', `Internal Server Error: ${request.path}`, error);
    errorReporter.peek()?.(request, error);
    if (this.config.debug) return technical500(request, error);
    if (custom) {
      try {
        return await custom(request, error);
      } catch (inner) {
        this.log('error', 'handler500 failed', inner);
      }
    }
    return defaultErrorPage(500, request);
  }

  /** handler400/403/404/500 exported by the root urlconf, as in Django. */
  private customHandler(error: unknown): ((request: Request, error: unknown) => Promise<BaseResponse>) | null {
    let module: Record<string, unknown> | null = null;
    try {
      const root = getResolver();
      void root.urlPatterns;
      module = root.module;
    } catch {
      return null;
    }
    if (!module) return null;
    const status = error instanceof Http404 ? 404 : error instanceof PermissionDenied ? 403 : error instanceof SuspiciousOperation ? 400 : 500;
    if (status === 404 && this.config.debug) return null;
    const fn = module[`handler${status}`];
    if (typeof fn !== 'function') return null;
    return async (request, err) => {
      const response = await fn(request, err);
      if (!isResponse(response)) throw notAResponse(`The URLconf's handler${status} returned ${describe(response)} instead of a response: return an HttpResponse.`);
      return response;
    };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function notAResponse(message: string): InvalidArgument {
  return new InvalidArgument('HYPER_HTTP_NOT_A_RESPONSE', message);
}

function describeEntry(entry: unknown): string {
  return typeof entry === 'string' ? `'${entry}'` : typeof entry === 'function' && entry.name ? entry.name : typeof entry;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return `a ${typeof value}`;
}
