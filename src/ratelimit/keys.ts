// What a limit counts by: the client address, the user, a header, a posted field, or a
// project function. A key of null means "not limited" for this request.
import { ImproperlyConfigured } from '../core/errors';
import type { Request } from '../http/request';
import { isIP } from 'node:net';
import { clientIp } from './client-ip';

/** 'ip', 'user', 'user_or_ip', 'header:<name>', 'get:<field>', 'post:<field>', or a function of the request. */
export type KeySpec = string | ((request: Request) => string | null | undefined | Promise<string | null | undefined>);

interface MaybeUser {
  isAuthenticated?: boolean;
  pk?: unknown;
}

/**
 * The counted form of an address: an IPv6 client is counted by its /64, the block one
 * subscriber is given (counting each address would let one client use 2^64 of them).
 */
export function addressKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function userPk(request: Request): string | null {
  // The auth middleware sets request.user; without it every request is anonymous.
  let user: MaybeUser | undefined;
  try {
    user = request.user as MaybeUser | undefined;
  } catch {
    user = undefined;
  }
  return user?.isAuthenticated === true ? String(user.pk) : null;
}

/** The value a request is counted under for `spec`. */
export async function keyOf(request: Request, spec: KeySpec = 'ip'): Promise<string | null> {
  if (typeof spec === 'function') return (await spec(request)) ?? null;
  if (spec === 'ip') return `ip:${addressKey(clientIp(request))}`;
  if (spec === 'user') return `user:${userPk(request) ?? 'anonymous'}`;
  if (spec === 'user_or_ip') {
    const pk = userPk(request);
    return pk === null ? `ip:${addressKey(clientIp(request))}` : `user:${pk}`;
  }
  const colon = spec.indexOf(':');
  const kind = colon > 0 ? spec.slice(0, colon) : '';
  const name = spec.slice(colon + 1);
  if (kind === 'header' && name) return `header:${request.headers.get(name) ?? ''}`;
  if (kind === 'get' && name) return `get:${request.query.get(name) ?? ''}`;
  if (kind === 'post' && name) return `post:${(await request.form()).get(name) ?? ''}`;
  throw new ImproperlyConfigured(`Rate limit key '${spec}' is not one of 'ip', 'user', 'user_or_ip', 'header:<name>', 'get:<field>', 'post:<field>'; or pass a function (request) => string.`, { code: 'HYPER_RATELIMIT_BAD_KEY' });
}
