// Shared pieces of the built-in filters: attribute paths, sort keys, Python repr.
import { TemplateRuntimeError } from '../errors';
import { Markup, toStr } from '../markup';
import { isBlockedName } from '../runtime';
import { isMapping, type JsOperand, type Props } from '../values';

/** `attribute='author.name'` or `'0'`: a getter for a dotted path, as Jinja's make_attrgetter. */
export function attrGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (const p of parts) if (typeof p === 'string' && isBlockedName(p)) throw new TemplateRuntimeError(`access to '${p}' is not allowed in templates`);
  return (item) => {
    let v = item;
    for (const p of parts) {
      if (v == null) break;
      v = v instanceof Map ? v.get(p) : (v as Props)[p];
    }
    return v === undefined ? fallback : v;
  };
}

/** Comparison key: strings lowercased unless case-sensitive. */
export function sortKey(caseSensitive: boolean): (v: unknown) => unknown {
  return (v) => {
    if (v instanceof Markup) v = v.html;
    return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
  };
}

/** Sort order: lists element by element, none first, everything else by JS's < and >. */
export function compare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  const x = a as JsOperand;
  const y = b as JsOperand;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Python's repr(), for pprint. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (v instanceof Markup) return `Markup(${pyRepr(v.html)})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (isMapping(v)) return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return toStr(v);
}

/** Keyword arguments reach filters without declared params as one trailing object. */
export function num(v: unknown, fallback = 0): number {
  const n = typeof v === 'number' ? v : Number(toStr(v).trim());
  return Number.isNaN(n) ? fallback : n;
}
