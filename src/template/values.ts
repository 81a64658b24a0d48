// Python-flavoured semantics over JS values: truthiness, equality, membership,
// iteration and slicing, as Jinja2 templates expect them.
import { TemplateRuntimeError } from './errors';
import { Markup } from './markup';

/** A template value read by key once it is known not to be null or undefined (a primitive reads its wrapper's properties). */
export type Props = Record<PropertyKey, unknown>;

/**
 * A template value handed to one of JS's own coercing operators (+ * / % < <= > >=),
 * where the template's meaning is JS's: the one kind of value the template layer
 * types as `any`, since those operators take operands of every type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JS's coercing operators take operands of any type
export type JsOperand = any;

/** Plain objects and Maps are Jinja's mappings. */
export function isMapping(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Markup) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Python truthiness: empty strings, lists, mappings and sets are false. */
export function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v == null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Markup) return v.html.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isMapping(v)) {
    for (const _ in v) return true;
    return false;
  }
  // Python's __len__: a sized object (the messages of a request) is false when empty.
  if (typeof v === 'object') {
    const sized = (v as { length?: unknown }).length;
    if (typeof sized === 'number') return sized > 0;
  }
  return true;
}

/** Python ==: structural for lists and mappings, Markup equal to its text. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Markup) a = a.html;
  if (b instanceof Markup) b = b.html;
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => eq(x, b[i]));
  }
  if (isMapping(a) && isMapping(b) && !(a instanceof Map) && !(b instanceof Map)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && eq(a[k], b[k]));
  }
  return false;
}

/** `a in b`. */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string' || container instanceof Markup) {
    return String(container).includes(item instanceof Markup ? item.html : String(item));
  }
  if (Array.isArray(container)) return container.some((x) => eq(x, item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (container != null && typeof container === 'object') {
    if (typeof (container as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const x of container as Iterable<unknown>) if (eq(x, item)) return true;
      return false;
    }
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  }
  return false;
}

/**
 * What a for loop iterates: arrays as they are, strings by character, mappings by
 * key (as in Python), Maps and other iterables through the iteration protocol.
 * An async iterable (a QuerySet that is not awaited) comes back as a promise.
 */
export function toList(v: unknown): unknown[] | Promise<unknown[]> {
  if (Array.isArray(v)) return v;
  if (v == null || v === false) return [];
  if (typeof v === 'string') return Array.from(v);
  if (v instanceof Markup) return Array.from(v.html);
  if (typeof v === 'object' || typeof v === 'function') {
    const obj = v as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
    if (typeof obj[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>);
    if (typeof obj[Symbol.asyncIterator] === 'function') return collectAsync(v as AsyncIterable<unknown>);
    if (isMapping(v)) return Object.keys(v);
  }
  throw new TemplateRuntimeError(`${typeName(v)} is not iterable`, { code: 'HYPER_TEMPLATE_NOT_ITERABLE' });
}

async function collectAsync(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** toList for filters, which run synchronously: a promise here is a caller's mistake. */
export function syncList(v: unknown): unknown[] {
  const list = toList(v);
  if (!Array.isArray(list)) throw new TemplateRuntimeError('cannot iterate an async iterable here; await it first (in the view, or with a for loop, which awaits)', { code: 'HYPER_TEMPLATE_UNAWAITED' });
  return list;
}

export function typeName(v: unknown): string {
  if (v === null) return 'none';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return v.constructor?.name ?? 'object';
  return typeof v;
}

function clampIndex(i: number, len: number): number {
  return i < 0 ? Math.max(0, len + i) : Math.min(i, len);
}

/** Python slicing, `seq[start:stop:step]`, for strings and lists. */
export function slice(seq: unknown, start: number | null | undefined, stop: number | null | undefined, step: number | null | undefined): unknown {
  const isString = typeof seq === 'string' || seq instanceof Markup;
  const list: unknown[] = isString ? Array.from(String(seq)) : syncList(seq);
  const len = list.length;
  const s = step ?? 1;
  if (s === 0) throw new TemplateRuntimeError('slice step cannot be zero', { code: 'HYPER_TEMPLATE_BAD_SLICE' });
  const out: unknown[] = [];
  if (s > 0) {
    const from = start == null ? 0 : clampIndex(start, len);
    const to = stop == null ? len : clampIndex(stop, len);
    for (let i = from; i < to; i += s) out.push(list[i]);
  } else {
    const from = start == null ? len - 1 : start < 0 ? len + start : Math.min(start, len - 1);
    const to = stop == null ? -1 : stop < 0 ? Math.max(-1, len + stop) : stop;
    for (let i = from; i > to; i += s) out.push(list[i]);
  }
  return isString ? out.join('') : out;
}
