// Jinja2 templates are written against Python objects: `d.items()`, `s.upper()`.
// These fallbacks let such templates run unchanged when the JS value has no
// method of that name.
import { Markup } from './markup';
import { isMapping } from './values';

// Each method declares the self and arguments it expects; the template passes what it holds, as Python would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- so that (s: string, chars?: string) is a Method
type Method = (self: any, ...args: any[]) => unknown;

function entries(self: object): Array<[unknown, unknown]> {
  return self instanceof Map ? [...self.entries()] : Object.entries(self);
}

const MAPPING: Record<string, Method> = {
  items: (self) => entries(self),
  keys: (self) => entries(self).map((e) => e[0]),
  values: (self) => entries(self).map((e) => e[1]),
  get: (self, key, def = null) => {
    const v = self instanceof Map ? self.get(key) : Object.prototype.hasOwnProperty.call(self, key) ? self[key] : undefined;
    return v === undefined ? def : v;
  },
};

const STRING: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, chars?: string) => (chars ? stripChars(s, chars, true, true) : s.trim()),
  lstrip: (s: string, chars?: string) => (chars ? stripChars(s, chars, true, false) : s.trimStart()),
  rstrip: (s: string, chars?: string) => (chars ? stripChars(s, chars, false, true) : s.trimEnd()),
  startswith: (s: string, p: string) => s.startsWith(p),
  endswith: (s: string, p: string) => s.endsWith(p),
  split: (s: string, sep?: string | null, max?: number) => {
    const parts = sep == null ? s.trim().split(/\s+/).filter(Boolean) : s.split(sep);
    if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(sep ?? ' ')];
  },
  replace: (s: string, a: string, b: string) => s.split(a).join(b),
  title: (s: string) => s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s: string) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
  find: (s: string, sub: string) => s.indexOf(sub),
  count: (s: string, sub: string) => (sub ? s.split(sub).length - 1 : s.length + 1),
  isdigit: (s: string) => /^\d+$/.test(s),
  join: (s: string, items: unknown[]) => items.map(String).join(s),
};

function stripChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && chars.includes(s[a])) a++;
  while (right && b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

const LIST: Record<string, Method> = {
  append: (self: unknown[], x) => {
    self.push(x);
    return null;
  },
  index: (self: unknown[], x) => self.indexOf(x),
  count: (self: unknown[], x) => self.filter((y) => y === x).length,
};

/** The fallback method `name` of `self`, if there is one. */
export function pyMethod(self: unknown, name: string): Method | undefined {
  if (typeof self === 'string') return STRING[name];
  if (self instanceof Markup) return STRING[name] ? (s: Markup, ...a: unknown[]) => STRING[name](s.html, ...a) : undefined;
  if (Array.isArray(self)) return LIST[name];
  if (isMapping(self)) return MAPPING[name];
  return undefined;
}
