// Whether a ?next= URL is safe to redirect to (Django's url_has_allowed_host_and_scheme):
// relative, or on an allowed host with http(s). Anything else could send a user who
// just logged in to a look-alike site.
import { reverse } from '../../urls/resolver';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function splitUrl(url: string): { scheme: string; netloc: string } {
  let rest = url;
  let scheme = '';
  const match = SCHEME.exec(rest);
  if (match) {
    scheme = match[1].toLowerCase();
    rest = rest.slice(match[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
  }
  return { scheme, netloc };
}

function allowed(url: string, hosts: ReadonlySet<string>, requireHttps: boolean): boolean {
  // '///evil.com' is read by browsers as '//evil.com'.
  if (url.startsWith('///')) return false;
  const { scheme, netloc } = splitUrl(url);
  // 'javascript:...', 'mailto:...': a scheme without a host.
  if (!netloc && scheme) return false;
  const valid = requireHttps ? ['https'] : ['http', 'https'];
  return (!netloc || hosts.has(netloc.toLowerCase())) && (!scheme || valid.includes(scheme));
}

export function urlHasAllowedHostAndScheme(url: string | null | undefined, allowedHosts: Iterable<string> | string | null, requireHttps = false): boolean {
  const text = url?.trim();
  if (!text) return false;
  // Browsers drop tabs and newlines and may act on other control characters.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (/[\u0000-\u001f\u007f]/.test(text)) return false;
  const hosts = new Set([...(typeof allowedHosts === 'string' ? [allowedHosts] : (allowedHosts ?? []))].map((host) => host.toLowerCase()));
  // Backslashes are read as slashes by some browsers: both readings must be safe.
  return allowed(text, hosts, requireHttps) && allowed(text.replace(/\\/g, '/'), hosts, requireHttps);
}

/** A URL, a path, or a URL name to reverse (Django's resolve_url for settings such as LOGIN_URL). */
export function resolveUrl(to: string): string {
  if (to.includes('/') || to.includes('.')) return to;
  try {
    return reverse(to);
  } catch {
    return to;
  }
}
