// The limiter: one atomic hit on a cache counter (BaseCache.hit: a Lua script on Redis, one
// statement on PostgreSQL, one synchronous step in local memory), so N + k concurrent
// requests from any number of processes sharing the store let exactly N through.
//
// fixed: a counter that lives one window from its first hit. sliding: a counter per
// clock-aligned window, weighed with the previous window's by how much of it still
// overlaps the last `window` seconds (the estimate Cloudflare's limiter uses): no burst
// of 2N across a window's edge.
import { createHash } from 'node:crypto';
import { caches } from '../cache/caches';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { Ratelimited } from '../http/errors';
import type { Request } from '../http/request';
import { keyOf, type KeySpec } from './keys';
import { parseRate, type Rate } from './rate';

export type Algorithm = 'fixed' | 'sliding';

export interface LimitOptions {
  /** Limits of one group share counters (a view's name, 'auth.login'). */
  group: string;
  /** What to count by; 'ip' by default. */
  key?: KeySpec;
  /** '5/m', a parsed Rate, or a function of the request giving one (null: no limit). */
  rate: string | Rate | ((request: Request) => string | null | Promise<string | null>);
  algorithm?: Algorithm;
  /** The CACHES alias; RATELIMIT_USE_CACHE by default. */
  cache?: string;
}

export interface Usage {
  /** Whether this request is over the limit. */
  limited: boolean;
  limit: number;
  /** The requests left in the window (0 when limited). */
  remaining: number;
  /** Seconds until the window starts again. */
  reset: number;
  /** Seconds until a request would be allowed (0 when this one was). */
  retryAfter: number;
  /** The window, in seconds. */
  window: number;
}

async function rateOf(request: Request, rate: LimitOptions['rate'], group: string): Promise<Rate | null> {
  if (typeof rate === 'function') {
    const text = await rate(request);
    return text === null ? null : parseRate(text, `Rate limit '${group}': rate`);
  }
  return typeof rate === 'string' ? parseRate(rate, `Rate limit '${group}': rate`) : rate;
}

/** Counts this request against the limit and says where it stands; null when nothing limits it. */
export async function hitLimit(request: Request, options: LimitOptions): Promise<Usage | null> {
  if (settings.RATELIMIT_ENABLE === false) return null;
  const rate = await rateOf(request, options.rate, options.group);
  if (!rate) return null;
  const value = await keyOf(request, options.key);
  if (value === null) return null;
  const algorithm = options.algorithm ?? 'fixed';
  if (algorithm !== 'fixed' && algorithm !== 'sliding') throw new ImproperlyConfigured(`Rate limit '${options.group}': algorithm '${String(algorithm)}' is neither 'fixed' nor 'sliding'.`, { code: 'HYPER_RATELIMIT_BAD_RULE' });
  // Hashed: the key may hold a username or a header, any length, any characters.
  const digest = createHash('sha256').update(`${options.group}\0${value}`).digest('base64url').slice(0, 32);
  const cache = caches.get(options.cache ?? String(settings.RATELIMIT_USE_CACHE ?? 'default'));
  const windowMs = rate.window * 1000;
  if (algorithm === 'fixed') {
    const hit = await cache.hit(`rl:${digest}:${rate.window}`, windowMs);
    // Clamped: a store's clock may read a hair more than the window left.
    const reset = Math.min(rate.window, Math.max(1, Math.ceil(hit.ttl / 1000)));
    const limited = hit.count > rate.limit;
    return { limited, limit: rate.limit, remaining: Math.max(0, rate.limit - hit.count), reset, retryAfter: limited ? reset : 0, window: rate.window };
  }
  const now = Date.now();
  const index = Math.floor(now / windowMs);
  const elapsed = now - index * windowMs;
  const hit = await cache.hit(`rl:${digest}:${rate.window}:${index}`, 2 * windowMs - elapsed, `rl:${digest}:${rate.window}:${index - 1}`);
  const weight = 1 - elapsed / windowMs;
  const estimate = hit.other * weight + hit.count;
  const limited = estimate > rate.limit;
  const reset = Math.max(1, Math.ceil((windowMs - elapsed) / 1000));
  let wait = 0;
  if (limited) {
    // When the estimate falls back to the limit: within this window as the previous one fades,
    // or after it, as this window's count becomes the fading one.
    wait = hit.count < rate.limit && hit.other > 0 ? windowMs * (1 - (rate.limit - hit.count) / hit.other) - elapsed : windowMs - elapsed + Math.max(0, windowMs * (1 - rate.limit / hit.count));
  }
  return { limited, limit: rate.limit, remaining: Math.max(0, Math.floor(rate.limit - estimate)), reset, retryAfter: limited ? Math.max(1, Math.ceil(wait / 1000)) : 0, window: rate.window };
}

/** The IETF draft's RateLimit headers for a usage, and Retry-After when it is over. */
export function usageHeaders(usage: Usage): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(usage.limit),
    'ratelimit-remaining': String(usage.remaining),
    'ratelimit-reset': String(usage.reset),
    'ratelimit-policy': `${usage.limit};w=${usage.window}`,
  };
  if (usage.limited) headers['retry-after'] = String(usage.retryAfter);
  return headers;
}

/** The 429 error for a usage over its limit (the handler answers it with the headers). */
export function tooManyRequests(usage: Usage): Ratelimited {
  return new Ratelimited(`Too many requests: retry after ${usage.retryAfter} seconds.`, usageHeaders(usage));
}

/** Counts the request and throws the 429 when it is over the limit (what the login view does). */
export async function enforceLimit(request: Request, options: LimitOptions): Promise<Usage | null> {
  const usage = await hitLimit(request, options);
  if (usage?.limited) throw tooManyRequests(usage);
  return usage;
}
