// Whole responses in the cache, as Django's cache middleware and cache_page: the key is
// the absolute URL and the values of the request headers the response Varies on
// (learn_cache_key stores that header list under the URL). Never cached: other methods
// than GET/HEAD, statuses other than 200, streaming responses, `Vary: *`, Cache-Control
// private/no-store/no-cache, and any response setting a cookie, which would be replayed
// to every visitor. A stored page keeps an ETag, so a hit answers If-None-Match with 304.
// An unreachable cache is logged and the page served uncached.
import * as crypto from 'node:crypto';
import { settings } from '../conf/settings';
import { etagMatches } from '../http/file-response';
import { defaultLog } from '../http/log';
import { HttpResponse, HttpResponseNotModified, type BaseResponse } from '../http/response';
import type { Request } from '../http/request';
import type { BaseCache } from './base';
import { CacheError } from './errors';

const KEEP_ON_304 = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'last-modified', 'vary'];

interface StoredPage {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

// One warning per cache while it stays unreachable, not one per request.
const warned = new WeakSet<BaseCache>();
function warnOnce(cache: BaseCache, error: CacheError): void {
  if (warned.has(cache)) return;
  warned.add(cache);
  defaultLog('warning', `page cache: ${error.message} (pages are served uncached meanwhile)`);
}

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');

function varyHeaders(response: BaseResponse): string[] {
  return response.headers
    .getAll('vary')
    .flatMap((value) => value.split(','))
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

function headerListKey(request: Request, keyPrefix: string): string {
  return `views.decorators.cache.cache_header.${keyPrefix}.${md5(request.buildAbsoluteUri())}`;
}

function pageKey(request: Request, keyPrefix: string, method: string, headers: string[]): string {
  const values = headers.map((name) => request.headers.get(name) ?? '').join('\n');
  return `views.decorators.cache.cache_page.${keyPrefix}.${method}.${md5(request.buildAbsoluteUri())}.${md5(values)}`;
}

/** The page key of a request, when a response to its URL was stored (Django's get_cache_key). */
export async function getCacheKey(request: Request, cache: BaseCache, keyPrefix = '', method = request.method): Promise<string | undefined> {
  const headers = await cache.get<string[]>(headerListKey(request, keyPrefix));
  return headers === undefined ? undefined : pageKey(request, keyPrefix, method, headers);
}

/** Stores the Vary header list for the URL and returns the page key (Django's learn_cache_key). */
export async function learnCacheKey(request: Request, response: BaseResponse, cache: BaseCache, timeout: number, keyPrefix = ''): Promise<string> {
  const headers = varyHeaders(response).sort();
  await cache.set(headerListKey(request, keyPrefix), headers, timeout);
  return pageKey(request, keyPrefix, request.method, headers);
}

/** Why a response must not be stored, or null when it may. */
export function uncacheableReason(request: Request, response: BaseResponse): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 'method';
  if (!(response instanceof HttpResponse) || response.status !== 200) return 'status or streaming';
  if (/\b(private|no-store|no-cache)\b/i.test(response.headers.get('cache-control') ?? '')) return 'Cache-Control';
  if (response.headers.has('set-cookie')) return 'Set-Cookie';
  if (varyHeaders(response).includes('*')) return 'Vary: *';
  return null;
}

/** The cached response of a request, or undefined (a 304 when its ETag matches If-None-Match). */
export async function fetchCachedResponse(request: Request, cache: BaseCache, keyPrefix = ''): Promise<BaseResponse | undefined> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  let page: StoredPage | undefined;
  try {
    const key = await getCacheKey(request, cache, keyPrefix, 'GET');
    if (key === undefined) return undefined;
    page = await cache.get<StoredPage>(key);
    if (page === undefined && request.method === 'HEAD') {
      const headKey = await getCacheKey(request, cache, keyPrefix, 'HEAD');
      page = headKey === undefined ? undefined : await cache.get<StoredPage>(headKey);
    }
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    warnOnce(cache, error);
    return undefined;
  }
  warned.delete(cache);
  if (page === undefined) return undefined;
  const response = new HttpResponse(page.body, { status: page.status, headers: page.headers });
  const etag = response.headers.get('etag');
  const inm = request.headers.get('if-none-match');
  if (etag !== undefined && inm !== undefined && etagMatches(inm, etag)) {
    const notModified = new HttpResponseNotModified();
    for (const name of KEEP_ON_304) for (const value of response.headers.getAll(name)) notModified.headers.append(name, value);
    return notModified;
  }
  return response;
}

/** Stores a response when it may be (Django's UpdateCacheMiddleware.process_response). */
export async function storeResponse(request: Request, response: BaseResponse, cache: BaseCache, seconds: number, keyPrefix = ''): Promise<void> {
  if (uncacheableReason(request, response) !== null) return;
  const page = response as HttpResponse;
  const cacheControl = page.headers.get('cache-control') ?? '';
  const maxAge = /\bmax-age=(\d+)/i.exec(cacheControl);
  const timeout = maxAge ? Number(maxAge[1]) : seconds;
  if (timeout <= 0) return;
  // Django's patch_response_headers: browsers and proxies may keep it as long.
  if (!page.headers.has('expires')) page.headers.set('expires', new Date(Date.now() + timeout * 1000).toUTCString());
  if (!maxAge) page.headers.set('cache-control', cacheControl ? `${cacheControl}, max-age=${timeout}` : `max-age=${timeout}`);
  if (!page.headers.has('etag')) page.headers.set('etag', `"${crypto.createHash('sha1').update(page.content).digest('base64url').slice(0, 27)}"`);
  try {
    const key = await learnCacheKey(request, page, cache, timeout, keyPrefix);
    const stored: StoredPage = { status: page.status, headers: page.headers.pairs(), body: page.content };
    await cache.set(key, stored, timeout);
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    warnOnce(cache, error);
  }
}

/** The settings' defaults of the middleware (CACHE_MIDDLEWARE_*). */
export function middlewareDefaults(): { alias: string; seconds: number; keyPrefix: string } {
  return { alias: settings.CACHE_MIDDLEWARE_ALIAS ?? 'default', seconds: settings.CACHE_MIDDLEWARE_SECONDS ?? 600, keyPrefix: settings.CACHE_MIDDLEWARE_KEY_PREFIX ?? '' };
}
