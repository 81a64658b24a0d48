// System checks of rate limiting (tag: caches), so a mistake is found by `hyper check`
// rather than by the first request it would fail: the counters' cache alias, the rules,
// the login and password reset rates, the trusted proxies, and rules with no middleware
// to apply them.
import { CheckError, Warning, type CheckMessage } from '../checks/messages';
import { register, Tags } from '../checks/registry';
import type { RatelimitRule } from '../conf/ratelimit-settings';
import { settings } from '../conf/settings';
import { cacheEntries } from '../cache/caches';
import { trustedProxies } from './client-ip';
import { checkRules } from './middleware';
import { parseRate } from './rate';

export function checkRatelimitSettings(): CheckMessage[] {
  const out: CheckMessage[] = [];
  const alias = String(settings.RATELIMIT_USE_CACHE ?? 'default');
  const aliases = Object.keys(cacheEntries());
  if (!aliases.includes(alias)) {
    out.push(new CheckError(`RATELIMIT_USE_CACHE '${alias}' is not an alias of CACHES (${aliases.join(', ')}).`, { id: 'ratelimit.E001', obj: 'RATELIMIT_USE_CACHE', hint: 'Name an alias of CACHES, or add one.' }));
  }
  const problem = (id: string, obj: string, run: () => unknown) => {
    try {
      run();
    } catch (error) {
      out.push(new CheckError((error as Error).message, { id, obj }));
    }
  };
  const rules = (settings.RATELIMIT_RULES as RatelimitRule[] | undefined) ?? [];
  problem('ratelimit.E002', 'RATELIMIT_RULES', () => checkRules(rules));
  for (const name of ['RATELIMIT_LOGIN', 'RATELIMIT_PASSWORD_RESET'] as const) {
    const rate = settings[name] as string | null | undefined;
    if (rate !== null && rate !== undefined) problem('ratelimit.E002', name, () => parseRate(rate, name));
  }
  problem('ratelimit.E003', 'RATELIMIT_TRUSTED_PROXIES', () => trustedProxies());
  const middleware = (settings.MIDDLEWARE as unknown[] | undefined) ?? [];
  if (rules.length && !middleware.includes('hyperdjango.middleware.ratelimit')) {
    out.push(new Warning('RATELIMIT_RULES is set but no rule is applied: MIDDLEWARE does not list the rate limit middleware.', { id: 'ratelimit.W001', obj: 'MIDDLEWARE', hint: "Add 'hyperdjango.middleware.ratelimit' to MIDDLEWARE, early (after the security middleware)." }));
  }
  return out;
}

register(checkRatelimitSettings, Tags.caches);
