// Hides secrets in values that are about to be shown to a person (the DEBUG error
// page): values under secret-looking names, at any depth, and the passwords inside
// URLs. Masking more than needed is the safe mistake, so the rules are broad.

export const MASK = '********************';

/** Names whose values are secrets (Django's list, plus PRIVATE). */
export const SECRET_NAME = /API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|PRIVATE/i;

/** Request header names whose values are secrets: the above, plus cookies. */
export const SECRET_HEADER = /API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|PRIVATE|COOKIE/i;

// scheme://user:password@host: the password runs to the LAST '@' before the end of
// the URL, since an unencoded '@' in a password is common in hand-written URLs.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'?#]*:)[^\s"'?#]*@/gi;

/** 'postgres://u:p@ss@host/db' -> 'postgres://u:********************@host/db', wherever URLs appear in the text. */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`);
}

/**
 * A copy of `value` for display: strings have their URL passwords masked, entries of
 * objects and maps under secret names are masked, recursively; maps and sets become
 * plain objects and arrays, functions '[function name]'. `name` is the value's own name (a setting's), masked too.
 */
export function cleanse(value: unknown, name = '', pattern: RegExp = SECRET_NAME): unknown {
  return cleanseAt(value, name, pattern, 0, new Set());
}

function cleanseAt(value: unknown, name: string, pattern: RegExp, depth: number, seen: Set<object>): unknown {
  if (name && pattern.test(name)) return MASK;
  if (typeof value === 'string') return maskUrlPasswords(value);
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > 8) return '[...]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => cleanseAt(item, '', pattern, depth + 1, seen));
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), cleanseAt(v, String(k), pattern, depth + 1, seen)]));
    if (value instanceof Set) return [...value].map((item) => cleanseAt(item, '', pattern, depth + 1, seen));
    if (value instanceof Date || value instanceof RegExp) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = cleanseAt(item, key, pattern, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}
