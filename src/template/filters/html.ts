// Filters that produce HTML: their results are Markup, with every piece of user
// text escaped on the way in.
import { TemplateRuntimeError } from '../errors';
import { Markup, escapeHtml, toStr } from '../markup';
import { defineFilter, type EvalInfo } from './types';

export const xmlattr = defineFilter((info: EvalInfo, value: unknown, autospace = true) => {
  const pairs = value instanceof Map ? [...value] : Object.entries(value as object);
  const parts: string[] = [];
  for (const [key, v] of pairs) {
    if (v === undefined || v === null) continue;
    const k = String(key);
    // Keys go into the markup unquoted: refuse anything that could break out of the attribute list.
    if (/[\s/>="]/.test(k)) throw new TemplateRuntimeError(`invalid character in attribute name: '${k}'`);
    parts.push(`${escapeHtml(k)}="${escapeHtml(v)}"`);
  }
  const s = parts.join(' ');
  void info;
  return new Markup(s && autospace ? ' ' + s : s);
}, ['autospace'], true);

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** Python's json.dumps as Jinja2 calls it: sorted keys, ASCII only, ', ' and ': ' separators. */
function pyJson(value: unknown, indent: number | undefined, depth: number): string {
  if (value === undefined || value === null || typeof value === 'function') return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  const pad = indent === undefined ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = indent === undefined ? ', ' : ',';
  let items: string[];
  let open = '[';
  let close = ']';
  if (Array.isArray(value) || value instanceof Set) {
    items = [...(value as Iterable<unknown>)].map((v) => pyJson(v, indent, depth + 1));
  } else {
    open = '{';
    close = '}';
    const entries = value instanceof Map ? [...value].map(([k, v]) => [String(k), v] as const) : Object.entries(value as object);
    items = entries
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${pyJson(k, indent, depth + 1)}: ${pyJson(v, indent, depth + 1)}`);
  }
  if (!items.length) return open + close;
  return open + pad + items.join(sep + pad) + end + close;
}

export const tojson = defineFilter((value: unknown, indent?: number | null) => {
  const json = pyJson(value, indent ?? undefined, 0);
  return new Markup(json.replace(/[<>&']/g, (c) => JSON_ESCAPES[c]));
}, ['indent']);

/** Django's linebreaks: paragraphs for blank-line-separated text, <br> for single newlines. */
export const linebreaks = defineFilter((info: EvalInfo, value: unknown) => {
  const autoescape = info.autoescape && !(value instanceof Markup);
  const text = toStr(value).replace(/\r\n|\r/g, '\n');
  const paras = text.split(/\n{2,}/);
  return new Markup(paras.map((p) => `<p>${(autoescape ? escapeHtml(p) : p).replace(/\n/g, '<br>')}</p>`).join('\n\n'));
}, [], true);

export const linebreaksbr = defineFilter((info: EvalInfo, value: unknown) => {
  const autoescape = info.autoescape && !(value instanceof Markup);
  const text = toStr(value).replace(/\r\n|\r/g, '\n');
  return new Markup((autoescape ? escapeHtml(text) : text).replace(/\n/g, '<br>'));
}, [], true);

const URL_RE = /((?:https?:\/\/|www\.)[^\s<>"']+|[\w.+-]+@[\w-]+\.[\w.-]+)/g;
const TRAILING = /[.,:;!?)\]}'"]+$/;

export const urlize = defineFilter((info: EvalInfo, value: unknown, trimUrlLimit?: number | null, nofollow = false, target?: string | null, rel?: string | null) => {
  const text = toStr(value);
  const relValues = new Set((rel ?? 'noopener').split(/\s+/).filter(Boolean));
  if (nofollow) relValues.add('nofollow');
  const relAttr = relValues.size ? ` rel="${escapeHtml([...relValues].sort().join(' '))}"` : '';
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : '';
  const esc = info.autoescape ? escapeHtml : (s: string) => s;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = url.match(TRAILING)?.[0] ?? '';
    url = url.slice(0, url.length - trail.length);
    out += esc(text.slice(last, m.index));
    const shown = trimUrlLimit && url.length > trimUrlLimit ? url.slice(0, trimUrlLimit) + '...' : url;
    if (url.includes('@') && !url.includes('://')) {
      out += `<a href="mailto:${escapeHtml(url)}">${esc(url)}</a>`;
    } else {
      const href = url.startsWith('www.') ? `https://${url}` : url;
      out += `<a href="${escapeHtml(href)}"${relAttr}${targetAttr}>${esc(shown)}</a>`;
    }
    out += esc(trail);
    last = (m.index ?? 0) + m[0].length;
  }
  out += esc(text.slice(last));
  return new Markup(out);
}, ['trim_url_limit', 'nofollow', 'target', 'rel'], true);
