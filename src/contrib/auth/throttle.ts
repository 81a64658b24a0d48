// The login and password reset views' guard against guessing: posts per client address
// and username (or email) are limited, RATELIMIT_LOGIN and RATELIMIT_PASSWORD_RESET
// ('5/m' each by default; null turns one off). A post over the limit answers 429 before
// the password is even checked. Keyed by address and name together, so one attacker
// cannot lock a real user out from elsewhere.
import { settings } from '../../conf/settings';
import type { Request } from '../../http/request';
import { enforceLimit } from '../../ratelimit/limiter';
import { clientIp } from '../../ratelimit/client-ip';
import { addressKey } from '../../ratelimit/keys';

/** Counts a POST to an auth view; throws the 429 (Ratelimited) when over `rate`. */
export async function throttleAuthPost(request: Request, group: string, rate: string | null, field: string): Promise<void> {
  if (request.method !== 'POST' || rate === null) return;
  await enforceLimit(request, {
    group,
    rate,
    key: async (req) => `${addressKey(clientIp(req))}\0${((await req.form()).get(field) ?? '').trim().toLowerCase()}`,
  });
}

/** The login view's rate: its own `throttleRate` when set, else RATELIMIT_LOGIN. */
export function loginRate(own: string | null | undefined): string | null {
  return own !== undefined ? own : ((settings.RATELIMIT_LOGIN as string | null | undefined) ?? null);
}

/** The password reset view's rate: its own `throttleRate` when set, else RATELIMIT_PASSWORD_RESET. */
export function passwordResetRate(own: string | null | undefined): string | null {
  return own !== undefined ? own : ((settings.RATELIMIT_PASSWORD_RESET as string | null | undefined) ?? null);
}
