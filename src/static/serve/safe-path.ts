// URL path -> relative file path, refusing anything that could name a file
// outside the served folder. Pure string work; the symlink check (which needs
// the file system) is in real-path.ts.

/** Why a path was refused; logged at debug level, never sent to the client. */
export type Refusal = 'outside-prefix' | 'encoded-separator' | 'backslash' | 'nul' | 'bad-escape' | 'bad-utf8' | 'dot-segment' | 'empty-segment' | 'control-char';

export type SafePath = { ok: true; relPath: string } | { ok: false; reason: Refusal };

const ENCODED_SEPARATOR = /%(2f|5c)/i;

/**
 * The file path (posix, relative, normalised) a raw request path names under
 * `prefix` (STATIC_URL's path, with its trailing slash). Refused: '..' and '.'
 * segments (also as %2e), encoded slashes and backslashes, raw backslashes,
 * NUL (raw or %00) and other control characters, empty segments (which an
 * absolute path or '//' would make), malformed escapes and invalid UTF-8.
 */
export function safeRelativePath(rawPath: string, prefix: string): SafePath {
  if (!rawPath.startsWith(prefix)) return { ok: false, reason: 'outside-prefix' };
  const rest = rawPath.slice(prefix.length);
  if (ENCODED_SEPARATOR.test(rest)) return { ok: false, reason: 'encoded-separator' };
  if (rest.includes('\\')) return { ok: false, reason: 'backslash' };
  let decoded: string;
  try {
    decoded = rest.includes('%') ? decodeURIComponent(rest) : rest;
  } catch {
    return { ok: false, reason: /%(?![0-9a-f]{2})/i.test(rest) ? 'bad-escape' : 'bad-utf8' };
  }
  if (decoded.includes('\0')) return { ok: false, reason: 'nul' };
  // eslint-disable-next-line no-control-regex -- a path with control characters is refused
  if (/[\x01-\x1f\x7f]/.test(decoded)) return { ok: false, reason: 'control-char' };
  if (decoded.includes('\\')) return { ok: false, reason: 'backslash' };
  const segments = decoded.split('/');
  for (const segment of segments) {
    if (segment === '') return { ok: false, reason: 'empty-segment' };
    if (segment === '.' || segment === '..') return { ok: false, reason: 'dot-segment' };
  }
  return { ok: true, relPath: decoded };
}

/** STATIC_URL's path part ('/static/'), or null when it names another host (then nothing is served here). */
export function staticPrefix(staticUrl: string): string | null {
  if (!staticUrl || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(staticUrl)) return null;
  let prefix = staticUrl.startsWith('/') ? staticUrl : `/${staticUrl}`;
  if (!prefix.endsWith('/')) prefix += '/';
  return prefix === '/' ? null : prefix;
}

/** The canonical request path of a relative file path (what a template's static() produces). */
export function urlPathFor(prefix: string, relPath: string): string {
  return prefix + relPath.split('/').map((s) => encodeURIComponent(s).replace(/%40/g, '@').replace(/%2B/gi, '+')).join('/');
}
