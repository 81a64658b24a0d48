// ratelimit(): the view decorator (django-ratelimit's @ratelimit).
//
//   path('api/search/', ratelimit({ key: 'ip', rate: '10/m' })(search))
import { wraps } from '../core/wraps';
import type { Request } from '../http/request';
import type { BaseResponse } from '../http/response';
import type { KeySpec } from './keys';
import { hitLimit, tooManyRequests, usageHeaders, type Algorithm, type LimitOptions, type Usage } from './limiter';

type View<P extends unknown[]> = (request: Request, ...rest: P) => BaseResponse | Promise<BaseResponse>;

export interface RatelimitOptions {
  /** What to count by: 'ip' (the default), 'user', 'user_or_ip', 'header:<name>', 'get:<field>', 'post:<field>', or a function. */
  key?: KeySpec;
  /** '5/m', '100/h', '10/s', '10/5m'; or a function of the request (null: no limit for it). */
  rate: LimitOptions['rate'];
  /** The methods counted ('POST', ['POST', 'PUT']); every method when left out. */
  method?: string | readonly string[];
  /** true (the default): answer 429. false: set request.limited and call the view. */
  block?: boolean;
  /** Views of one group share their counters; by default, the view function's name (an unnamed view: its route). */
  group?: string;
  algorithm?: Algorithm;
  /** The CACHES alias; RATELIMIT_USE_CACHE by default. */
  cache?: string;
}

/** Whether `method` is among those a limit counts. */
export function methodMatches(methods: string | readonly string[] | undefined, method: string): boolean {
  if (methods === undefined) return true;
  const list = typeof methods === 'string' ? [methods] : methods;
  return list.some((m) => m.toUpperCase() === method || m.toUpperCase() === 'ALL');
}

/** Puts the RateLimit headers on a response that has none yet (the tightest limit set them first). */
export function addUsageHeaders(response: BaseResponse, usage: Usage): void {
  if (response.headers.has('ratelimit-limit')) return;
  for (const [name, value] of Object.entries(usageHeaders(usage))) response.headers.set(name, value);
}

/** Limits a view: over the rate, a 429 with Retry-After (or request.limited with block: false). */
export function ratelimit(options: RatelimitOptions): <P extends unknown[]>(view: View<P>) => View<P> {
  return <P extends unknown[]>(view: View<P>) => {
    return wraps(view, async (request: Request, ...rest: P) => {
      if (!methodMatches(options.method, request.method)) return view(request, ...rest);
      // An unnamed view is grouped by its route, so two such views do not share counters.
      const group = options.group ?? (view.name || `route:${request.resolverMatch?.route ?? request.path}`);
      const usage = await hitLimit(request, { group, key: options.key, rate: options.rate, algorithm: options.algorithm, cache: options.cache });
      if (usage?.limited) {
        if (options.block !== false) throw tooManyRequests(usage);
        request.limited = true;
      }
      const response = await view(request, ...rest);
      if (usage) addUsageHeaders(response, usage);
      return response;
    });
  };
}
