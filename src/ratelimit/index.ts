// hyperdjango/ratelimit: rate limits over a cache alias. The ratelimit() view decorator,
// the RATELIMIT_RULES middleware ('hyperdjango.middleware.ratelimit'), and the pieces
// under them. See docs/ratelimit.md.
export { ratelimit, type RatelimitOptions } from './decorator';
export { ratelimitMiddleware, checkRules } from './middleware';
export { hitLimit, enforceLimit, usageHeaders, tooManyRequests, type LimitOptions, type Usage, type Algorithm } from './limiter';
export { parseRate, type Rate } from './rate';
export { keyOf, addressKey, type KeySpec } from './keys';
export { clientIp } from './client-ip';
export { Ratelimited } from '../http/errors';
export type { RatelimitRule } from '../conf/ratelimit-settings';
