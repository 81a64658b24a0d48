// Jinja2's string filters. Filters that only change case or trim keep Markup
// as Markup, as MarkupSafe's methods do.
import { Markup, escape, escapeHtml, markSafe, toStr } from '../markup';
import { defineFilter } from './types';
import { pyFormat } from './format';
import { pyRepr } from './helpers';

/** Applies a string function, keeping a Markup value Markup. Plain strings, the common case, go first. */
function soft(fn: (s: string) => string): (value: unknown) => unknown {
  return (value) => (typeof value === 'string' ? fn(value) : value instanceof Markup ? new Markup(fn(value.html)) : fn(toStr(value)));
}

export const capitalize = defineFilter(soft((s) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s)));
export const lower = defineFilter(soft((s) => s.toLowerCase()));
export const upper = defineFilter(soft((s) => s.toUpperCase()));
/** Each ASCII character's upper case: toUpperCase() on one character is a call into the runtime, a lookup is not. */
const ASCII_UPPER: Record<string, string> = Object.create(null);
for (let c = 0; c < 128; c++) ASCII_UPPER[String.fromCharCode(c)] = String.fromCharCode(c).toUpperCase();

/**
 * Jinja2's title(): words start after whitespace, '-', '(', '{', '[' or '<'. A loop, not
 * a regex callback: it is hot. It reads characters as `s[i]` rather than charCodeAt(),
 * a String.prototype call that turns slow once that prototype becomes a dictionary
 * (see escapeString).
 */
function titleCase(s: string): string {
  const low = s.toLowerCase();
  if (low.length !== s.length) return s.split(/([-\s({[<]+)/).map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w)).join('');
  let out = '';
  let last = 0;
  let atStart = true;
  for (let i = 0; i < s.length; i++) {
    switch (s[i]) {
      case '-': case '(': case '{': case '[': case '<':
      case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
        atStart = true;
        break;
      default:
        if (atStart) {
          out += low.slice(last, i) + (ASCII_UPPER[s[i]] ?? s[i].toUpperCase());
          last = i + 1;
          atStart = false;
        }
    }
  }
  return out + low.slice(last);
}

export const title = defineFilter(soft(titleCase));

export const trim = defineFilter((value: unknown, chars?: string | null) => {
  const fn = (s: string) => {
    if (!chars) return s.trim();
    let a = 0;
    let b = s.length;
    while (a < b && chars.includes(s[a])) a++;
    while (b > a && chars.includes(s[b - 1])) b--;
    return s.slice(a, b);
  };
  return soft(fn)(value);
}, ['chars']);

export const center = defineFilter((value: unknown, width = 80) => {
  const s = toStr(value);
  if (s.length >= width) return s;
  const total = width - s.length;
  // CPython's rule for where the odd space goes.
  const left = Math.floor(total / 2) + (total & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(total - left);
}, ['width']);

export const replace = defineFilter((evalInfo: { autoescape: boolean }, value: unknown, old: unknown, replacement: unknown, count?: number | null) => {
  const isMarkup = value instanceof Markup || (evalInfo.autoescape && (old instanceof Markup || replacement instanceof Markup));
  let s = isMarkup ? escapeHtml(value) : toStr(value);
  const a = isMarkup ? escapeHtml(old) : toStr(old);
  const b = isMarkup ? escapeHtml(replacement) : toStr(replacement);
  if (count == null || count < 0) s = s.split(a).join(b);
  else for (let i = 0, at = 0; i < count; i++) {
    const found = s.indexOf(a, at);
    if (found < 0) break;
    s = s.slice(0, found) + b + s.slice(found + a.length);
    at = found + b.length + (a.length ? 0 : 1);
  }
  return isMarkup ? new Markup(s) : s;
}, ['old', 'new', 'count'], true);

export const truncate = defineFilter((value: unknown, length = 255, killwords = false, end = '...', leeway?: number | null) => {
  const s = toStr(value);
  const lw = leeway ?? 5;
  if (s.length <= length + lw) return s;
  if (killwords) return s.slice(0, length - end.length) + end;
  const head = s.slice(0, length - end.length);
  const cut = head.lastIndexOf(' ');
  return (cut < 0 ? head : head.slice(0, cut)) + end;
}, ['length', 'killwords', 'end', 'leeway']);

export const wordcount = defineFilter((value: unknown) => (toStr(value).match(/\w+/gu) ?? []).length);

export const wordwrap = defineFilter((value: unknown, width = 79, breakLongWords = true, wrapstring?: string | null, breakOnHyphens = true) => {
  const sep = wrapstring ?? '\n';
  return toStr(value)
    .split(/\r?\n/)
    .map((para) => {
      const words = para.split(/\s+/).filter(Boolean).flatMap((w) => (breakOnHyphens ? w.split(/(?<=-)(?=.)/) : [w]));
      const lines: string[] = [];
      let line = '';
      for (let word of words) {
        const joiner = line && !line.endsWith('-') ? ' ' : '';
        if ((line + joiner + word).length <= width) {
          line += joiner + word;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        while (breakLongWords && word.length > width) {
          lines.push(word.slice(0, width));
          word = word.slice(width);
        }
        line = word;
      }
      if (line) lines.push(line);
      return lines.join(sep);
    })
    .join(sep);
}, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']);

export const indent = defineFilter((value: unknown, width: number | string = 4, first = false, blank = false) => {
  const pad = typeof width === 'string' ? width : ' '.repeat(width);
  const isMarkup = value instanceof Markup;
  const lines = toStr(value).split('\n');
  const out = lines.map((line, i) => {
    if (i === 0 && !first) return line;
    if (!blank && line.trim() === '') return line;
    return pad + line;
  });
  const s = out.join('\n');
  return isMarkup ? new Markup(s) : s;
}, ['width', 'first', 'blank']);

export const format = defineFilter((value: unknown, ...args: unknown[]) => {
  const last = args[args.length - 1];
  const kwargs = args.length === 1 && last !== null && typeof last === 'object' && !Array.isArray(last) ? last : undefined;
  return pyFormat(value instanceof Markup ? value : toStr(value), kwargs ?? args);
});
delete format.params;

export const striptags = defineFilter((value: unknown) => {
  const s = toStr(value)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
});

export const string = defineFilter((value: unknown) => (value instanceof Markup ? value : toStr(value)));
export const safe = defineFilter((value: unknown) => markSafe(value));
export const escapeFilter = defineFilter((value: unknown) => escape(value));
export const forceescape = defineFilter((value: unknown) => new Markup(escapeHtml(toStr(value))));
export const pprint = defineFilter((value: unknown) => pyRepr(value));

export const urlencode = defineFilter((value: unknown) => {
  const quote = (v: unknown, safeChars: string) =>
    encodeURIComponent(toStr(v)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%2F/g, safeChars.includes('/') ? '/' : '%2F');
  if (typeof value === 'string' || value instanceof Markup) return quote(value, '/');
  const pairs: Array<[unknown, unknown]> =
    value instanceof Map ? [...value] : Array.isArray(value) ? (value as Array<[unknown, unknown]>) : Object.entries(value as object);
  const forQuery = (v: unknown) => quote(v, '').replace(/%20/g, '+');
  return pairs.map(([k, v]) => `${forQuery(k)}=${forQuery(v)}`).join('&');
});
