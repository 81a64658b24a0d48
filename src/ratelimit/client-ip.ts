// The client's address. Behind a proxy, the socket's peer is the proxy, and the client is
// in X-Forwarded-For; but anyone can send that header, so it is read only when the peer
// is one of RATELIMIT_TRUSTED_PROXIES (none by default), and then from the right: the
// first address that is not a trusted proxy is the client (what a spoofer puts on the
// left is never reached).
import { BlockList, isIP } from 'node:net';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import type { Request } from '../http/request';

let built: { source: readonly string[]; list: BlockList } | undefined;

/** '::ffff:10.0.0.1' is 10.0.0.1: one client, one key, whichever socket family it came on. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** The trusted proxies as a BlockList (built once per setting value); refuses an entry that is no address or range. */
export function trustedProxies(): BlockList | undefined {
  const source = (settings.RATELIMIT_TRUSTED_PROXIES as string[] | undefined) ?? [];
  if (!source.length) return undefined;
  if (built?.source === source) return built.list;
  const list = new BlockList();
  for (const entry of source) {
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    if (!family || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128)))) {
      throw new ImproperlyConfigured(`RATELIMIT_TRUSTED_PROXIES: '${entry}' is not an IP address or CIDR range; write '10.0.0.1' or '10.0.0.0/8'.`, { code: 'HYPER_RATELIMIT_BAD_PROXY' });
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  built = { source, list };
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The client's address (see above); '' when the server did not say. */
export function clientIp(request: Request): string {
  const peer = normalise(request.remoteAddress ?? '');
  const list = trustedProxies();
  if (!list || !isTrusted(list, peer)) return peer;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!isIP(forwarded[i])) return peer; // a garbled hop: trust nothing left of it
    if (!isTrusted(list, forwarded[i])) return forwarded[i];
  }
  return forwarded[0] ?? peer;
}
