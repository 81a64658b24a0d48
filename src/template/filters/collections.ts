// Jinja2's filters over lists and mappings.
import { TemplateRuntimeError } from '../errors';
import { Markup, markupJoin, toStr } from '../markup';
import { isBlockedName } from '../runtime';
import { isMapping, type Props, syncList, truthy } from '../values';
import { attrGetter, compare, sortKey } from './helpers';
import { defineFilter, type EvalInfo } from './types';

export const defaultFilter = defineFilter((value: unknown, defaultValue: unknown = '', boolean = false) => {
  if (value === undefined || (boolean && !truthy(value))) return defaultValue;
  return value;
}, ['default_value', 'boolean']);

export const attr = defineFilter((obj: unknown, name: string) => {
  if (isBlockedName(String(name))) throw new TemplateRuntimeError(`access to '${name}' is not allowed in templates`);
  if (obj == null) return undefined;
  return obj instanceof Map ? obj.get(name) : (obj as Props)[name];
}, ['name']);

export const batch = defineFilter((value: unknown, linecount: number, fillWith: unknown = null) => {
  if (!(linecount >= 1)) throw new TemplateRuntimeError('batch() needs a line count of at least 1');
  const list = syncList(value);
  const out: unknown[][] = [];
  for (let i = 0; i < list.length; i += linecount) out.push(list.slice(i, i + linecount));
  const last = out[out.length - 1];
  if (fillWith !== null && last && last.length < linecount) while (last.length < linecount) last.push(fillWith);
  return out;
}, ['linecount', 'fill_with']);

/** `slice` filter: splits into `slices` columns, the first ones one longer. */
export const sliceFilter = defineFilter((value: unknown, slices: number, fillWith: unknown = null) => {
  if (!(slices >= 1)) throw new TemplateRuntimeError('slice() needs at least 1 slice');
  const list = syncList(value);
  const per = Math.floor(list.length / slices);
  const extra = list.length % slices;
  const out: unknown[][] = [];
  let offset = 0;
  for (let i = 0; i < slices; i++) {
    const size = per + (i < extra ? 1 : 0);
    const part = list.slice(offset, offset + size);
    offset += size;
    if (fillWith !== null && i >= extra && extra) part.push(fillWith);
    out.push(part);
  }
  return out;
}, ['slices', 'fill_with']);

function entries(value: unknown): Array<[unknown, unknown]> {
  if (value instanceof Map) return [...value];
  return Object.entries(value as object);
}

export const dictsort = defineFilter((value: unknown, caseSensitive = false, by = 'key', reverse = false) => {
  const pos: number = by === 'key' ? 0 : by === 'value' ? 1 : -1;
  if (pos < 0) throw new TemplateRuntimeError("dictsort: 'by' must be 'key' or 'value'");
  const key = sortKey(caseSensitive);
  const out = entries(value).sort((a, b) => compare(key(a[pos]), key(b[pos])));
  return reverse ? out.reverse() : out;
}, ['case_sensitive', 'by', 'reverse']);

export const first = defineFilter((value: unknown) => (typeof value === 'string' ? value[0] : syncList(value)[0]));
export const last = defineFilter((value: unknown) => {
  const list = typeof value === 'string' ? Array.from(value) : syncList(value);
  return list[list.length - 1];
});

export const length = defineFilter((value: unknown) => {
  if (value == null) return 0;
  if (typeof value === 'string' || Array.isArray(value) || value instanceof Markup) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (isMapping(value)) return Object.keys(value).length;
  return syncList(value).length;
});

export const list = defineFilter((value: unknown) => [...syncList(value)]);

export const join = defineFilter((info: EvalInfo, value: unknown, d: unknown = '', attribute?: unknown) => {
  let items = syncList(value);
  if (attribute != null) items = items.map(attrGetter(attribute));
  if (!info.autoescape) return items.map(toStr).join(toStr(d));
  return markupJoin(items, d as string);
}, ['d', 'attribute'], true);

function ordered(value: unknown, caseSensitive: boolean, attribute: unknown): { items: unknown[]; key: (v: unknown) => unknown } {
  const items = syncList(value);
  const get = attribute != null ? attrGetter(attribute) : (v: unknown) => v;
  const lower = sortKey(caseSensitive);
  return { items, key: (v) => lower(get(v)) };
}

export const sort = defineFilter((value: unknown, reverse = false, caseSensitive = false, attribute: unknown = null) => {
  const attrs = attribute != null ? String(attribute).split(',').map((a) => a.trim()) : [null];
  const keys = attrs.map((a) => ordered([], caseSensitive, a).key);
  const out = [...syncList(value)].sort((a, b) => {
    for (const k of keys) {
      const c = compare(k(a), k(b));
      if (c) return c;
    }
    return 0;
  });
  return reverse ? out.reverse() : out;
}, ['reverse', 'case_sensitive', 'attribute']);

function extreme(sign: number) {
  return (value: unknown, caseSensitive = false, attribute: unknown = null) => {
    const { items, key } = ordered(value, caseSensitive, attribute);
    let best: unknown;
    for (const item of items) if (best === undefined || compare(key(item), key(best)) * sign > 0) best = item;
    return best;
  };
}
export const max = defineFilter(extreme(1), ['case_sensitive', 'attribute']);
export const min = defineFilter(extreme(-1), ['case_sensitive', 'attribute']);

export const unique = defineFilter((value: unknown, caseSensitive = false, attribute: unknown = null) => {
  const { items, key } = ordered(value, caseSensitive, attribute);
  const seen = new Set<unknown>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}, ['case_sensitive', 'attribute']);

export const reverse = defineFilter((value: unknown) => {
  if (typeof value === 'string') return Array.from(value).reverse().join('');
  if (value instanceof Markup) return new Markup(Array.from(value.html).reverse().join(''));
  return [...syncList(value)].reverse();
});

export const sum = defineFilter((value: unknown, attribute: unknown = null, start = 0) => {
  const get = attribute != null ? attrGetter(attribute) : (v: unknown) => v;
  return syncList(value).reduce((acc: number, v) => acc + Number(get(v)), start);
}, ['attribute', 'start']);

export interface Group extends Array<unknown> {
  grouper: unknown;
  list: unknown[];
}

export const groupby = defineFilter((value: unknown, attribute: unknown, defaultValue: unknown = undefined, caseSensitive = false) => {
  const get = attrGetter(attribute, defaultValue);
  const key = sortKey(caseSensitive);
  const items = [...syncList(value)].sort((a, b) => compare(key(get(a)), key(get(b))));
  const groups: Group[] = [];
  for (const item of items) {
    const g = get(item);
    const prev = groups[groups.length - 1];
    if (prev && compare(key(prev.grouper), key(g)) === 0) prev.list.push(item);
    else {
      const list = [item];
      groups.push(Object.assign([g, list], { grouper: g, list }));
    }
  }
  return groups;
}, ['attribute', 'default', 'case_sensitive']);

/** The test select()/reject() apply: by name with arguments, or truthiness. */
function testFn(info: EvalInfo, args: unknown[]): (v: unknown) => boolean {
  if (!args.length) return truthy;
  const [name, ...rest] = args;
  const test = info.env.tests[String(name)];
  if (!test) throw new TemplateRuntimeError(`no test named '${String(name)}'`);
  return (v) => truthy(test(v, ...rest));
}

function selector(keep: boolean, byAttr: boolean) {
  return (info: EvalInfo, value: unknown, ...args: unknown[]) => {
    let get = (v: unknown) => v;
    if (byAttr) {
      if (!args.length) throw new TemplateRuntimeError('selectattr/rejectattr need an attribute name');
      get = attrGetter(args.shift());
    }
    const test = testFn(info, args);
    return syncList(value).filter((item) => test(get(item)) === keep);
  };
}
const selectFilter = (keep: boolean, byAttr: boolean) => defineFilter(selector(keep, byAttr), undefined, true);
export const select = selectFilter(true, false);
export const reject = selectFilter(false, false);
export const selectattr = selectFilter(true, true);
export const rejectattr = selectFilter(false, true);
for (const f of [select, reject, selectattr, rejectattr]) delete f.params;

/** map('upper'), map('round', 2), or map(attribute='name', default='?'). */
export const map = defineFilter((info: EvalInfo, value: unknown, ...args: unknown[]) => {
  const items = syncList(value);
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last) && 'attribute' in last) {
    const kw = last as { attribute: unknown; default?: unknown };
    return items.map(attrGetter(kw.attribute, kw.default));
  }
  if (!args.length) throw new TemplateRuntimeError('map() needs a filter name or attribute=');
  const [name, ...rest] = args;
  const filter = info.env.filters[String(name)];
  if (!filter) throw new TemplateRuntimeError(`no filter named '${String(name)}'`);
  return items.map((item) => (filter.passEnv ? filter(info, item, ...rest) : filter(item, ...rest)));
}, undefined, true);
delete map.params;
