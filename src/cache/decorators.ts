// cachePage() and the cache middleware pair (src/cache/page-cache.ts does the work).
//
//   path('posts/', cachePage(60)(postList))
//   MIDDLEWARE: ['hyperdjango.middleware.cache.UpdateCacheMiddleware', ..., 'hyperdjango.middleware.cache.FetchFromCacheMiddleware']
import { wraps } from '../core/wraps';
import type { Request } from '../http/request';
import type { BaseResponse } from '../http/response';
import type { Middleware } from '../http/types';
import { caches } from './caches';
import { fetchCachedResponse, middlewareDefaults, storeResponse } from './page-cache';

type View<P extends unknown[]> = (request: Request, ...rest: P) => BaseResponse | Promise<BaseResponse>;

export interface CachePageOptions {
  /** The CACHES alias (CACHE_MIDDLEWARE_ALIAS by default). */
  cache?: string;
  /** Put in the keys (CACHE_MIDDLEWARE_KEY_PREFIX by default). */
  keyPrefix?: string;
}

/** Caches a view's responses for `seconds` (a response's own max-age wins), as Django's cache_page. */
export function cachePage(seconds: number, options: CachePageOptions = {}): <P extends unknown[]>(view: View<P>) => View<P> {
  return <P extends unknown[]>(view: View<P>) =>
    wraps(view, async (request: Request, ...rest: P) => {
      const defaults = middlewareDefaults();
      const cache = caches.get(options.cache ?? defaults.alias);
      const keyPrefix = options.keyPrefix ?? defaults.keyPrefix;
      const hit = await fetchCachedResponse(request, cache, keyPrefix);
      if (hit) return hit;
      const response = await view(request, ...rest);
      await storeResponse(request, response, cache, seconds, keyPrefix);
      return response;
    });
}

// Requests that missed in FetchFromCacheMiddleware: UpdateCacheMiddleware stores their response.
const missed = new WeakSet<Request>();

/** First in MIDDLEWARE: stores the responses FetchFromCacheMiddleware did not find. */
export const updateCacheMiddleware: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request);
  if (!missed.has(request)) return response;
  const { alias, seconds, keyPrefix } = middlewareDefaults();
  await storeResponse(request, response, caches.get(alias), seconds, keyPrefix);
  return response;
};

/** Last in MIDDLEWARE: answers GET/HEAD from the cache, before the view runs. */
export const fetchFromCacheMiddleware: Middleware = (getResponse) => async (request) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return getResponse(request);
  const { alias, keyPrefix } = middlewareDefaults();
  const hit = await fetchCachedResponse(request, caches.get(alias), keyPrefix);
  if (hit) return hit;
  missed.add(request);
  return getResponse(request);
};
