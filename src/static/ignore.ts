// Glob patterns of files the finders and collectstatic skip (Django's
// ignore_patterns): '*' and '?' within one path segment, '[...]' classes. A pattern
// without '/' is matched against the file name, one with '/' against the whole path.
const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let cached = cache.get(pattern);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const end = pattern.indexOf(']', i + 1);
      const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  cached = new RegExp(`^${source}$`);
  cache.set(pattern, cached);
  return cached;
}

/** Whether a posix relative path is ignored by one of the patterns. */
export function isIgnored(relPath: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  const segments = relPath.split('/');
  return patterns.some((pattern) => {
    const re = toRegExp(pattern);
    // A name pattern also hides whole folders ('.*' hides .git/), as Django's does.
    return pattern.includes('/') ? re.test(relPath) : re.test(name) || segments.some((segment) => re.test(segment));
  });
}
