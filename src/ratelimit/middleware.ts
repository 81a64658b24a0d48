// The rate limit middleware: RATELIMIT_RULES, each { path, method, rate, key, algorithm,
// block, group }, applied to every request whose path starts with the rule's path.
//
//   MIDDLEWARE: [..., 'hyperdjango.middleware.ratelimit', ...]
//   RATELIMIT_RULES: [{ path: '/api/', rate: '100/m' }, { path: '/accounts/signup/', method: 'POST', rate: '3/h' }]
import type { RatelimitRule } from '../conf/ratelimit-settings';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import type { Middleware } from '../http/types';
import { addUsageHeaders, methodMatches } from './decorator';
import { hitLimit, tooManyRequests, type Usage } from './limiter';
import { parseRate } from './rate';

const RULE_KEYS = new Set(['path', 'method', 'rate', 'key', 'algorithm', 'block', 'group']);
let checked: unknown;

/** Refuses a malformed rule list once, naming the rule and what is wrong. */
export function checkRules(rules: readonly RatelimitRule[]): void {
  rules.forEach((rule, i) => {
    const where = `RATELIMIT_RULES[${i}]`;
    const unknown = Object.keys(rule).filter((k) => !RULE_KEYS.has(k));
    const bad = (what: string) => new ImproperlyConfigured(`${where} ${what}.`, { code: 'HYPER_RATELIMIT_BAD_RULE' });
    if (unknown.length) throw bad(`has unknown key ${unknown.join(', ')} (the keys are ${[...RULE_KEYS].join(', ')})`);
    if (typeof rule.path !== 'string' || !rule.path.startsWith('/')) throw bad(`needs a path prefix starting with '/', as '/api/'`);
    parseRate(rule.rate, `${where}.rate`);
    if (rule.algorithm !== undefined && rule.algorithm !== 'fixed' && rule.algorithm !== 'sliding') throw bad(`has algorithm '${String(rule.algorithm)}': use 'fixed' or 'sliding'`);
  });
}

export const ratelimitMiddleware: Middleware = (getResponse) => async (request) => {
  const rules = (settings.RATELIMIT_RULES as RatelimitRule[] | undefined) ?? [];
  if (!rules.length || settings.RATELIMIT_ENABLE === false) return getResponse(request);
  if (checked !== rules) {
    checkRules(rules);
    checked = rules;
  }
  let tightest: Usage | undefined;
  for (const [i, rule] of rules.entries()) {
    if (!request.path.startsWith(rule.path) || !methodMatches(rule.method, request.method)) continue;
    const usage = await hitLimit(request, {
      group: rule.group ?? `rule:${i}:${rule.path}`,
      key: rule.key,
      rate: rule.rate,
      algorithm: rule.algorithm,
    });
    if (!usage) continue;
    if (usage.limited) {
      if (rule.block !== false) throw tooManyRequests(usage);
      request.limited = true;
    }
    if (!tightest || usage.remaining < tightest.remaining) tightest = usage;
  }
  const response = await getResponse(request);
  if (tightest) addUsageHeaders(response, tightest);
  return response;
};
