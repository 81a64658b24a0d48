// Settings of rate limiting (hyperdjango/ratelimit), declared here so that loading
// settings knows them. See docs/ratelimit.md.
import type { Request } from '../http/request';
import { declareSetting } from './declarations';
import * as t from './setting-types';

/** One RATELIMIT_RULES entry: requests whose path starts with `path` (and whose method is listed) are limited. */
export interface RatelimitRule {
  /** A path prefix, '/api/'. */
  path: string;
  /** 'POST', or a list; every method when left out. */
  method?: string | string[];
  /** '5/m', '100/h', '10/s', '1000/d', or a number of units: '10/5m'. */
  rate: string;
  /** 'ip' (the default), 'user', 'user_or_ip', 'header:<name>', or a function of the request. */
  key?: string | ((request: Request) => string | null | undefined | Promise<string | null | undefined>);
  /** 'fixed' (the default) or 'sliding'. */
  algorithm?: 'fixed' | 'sliding';
  /** false: mark request.limited and let the view decide; true (the default): answer 429. */
  block?: boolean;
  /** Rules of one group share their counters; by default each rule counts alone. */
  group?: string;
}

declare module './global-settings' {
  interface Settings {
    RATELIMIT_ENABLE: boolean;
    RATELIMIT_USE_CACHE: string;
    RATELIMIT_TRUSTED_PROXIES: string[];
    RATELIMIT_RULES: RatelimitRule[];
    RATELIMIT_LOGIN: string | null;
    RATELIMIT_PASSWORD_RESET: string | null;
  }
}

declareSetting({ name: 'RATELIMIT_ENABLE', type: t.bool, default: true, doc: 'false turns every rate limit off (the decorator, the middleware, the login throttle).' });
declareSetting({ name: 'RATELIMIT_USE_CACHE', type: t.str, default: 'default', doc: 'The CACHES alias that keeps the counters; a shared one (Redis, database) for several workers or hosts.' });
declareSetting({ name: 'RATELIMIT_TRUSTED_PROXIES', type: t.strList, default: [], doc: 'Addresses or CIDR ranges of the proxies in front of the site: only a request from one of them has its X-Forwarded-For read for the client address.' });
declareSetting({ name: 'RATELIMIT_RULES', type: t.objectList as unknown as t.SettingType<RatelimitRule[]>, default: [], doc: "The rate limit middleware's rules: { path, method, rate, key, algorithm, block, group }." });
declareSetting({ name: 'RATELIMIT_LOGIN', type: t.nullableStr, default: '5/m', doc: 'Posts to the login view allowed per client address and username; null turns the throttle off.' });
declareSetting({ name: 'RATELIMIT_PASSWORD_RESET', type: t.nullableStr, default: '5/m', doc: 'Posts to the password reset view allowed per client address and email; null turns the throttle off.' });
