// printf-style formatting, as Python's `'%s: %.2f' % (a, b)` and Jinja's |format.
import { Markup, escapeHtml, toStr } from '../markup';

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeExXorcr%])/g;

function pad(s: string, flags: string, width: number | undefined): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

function convert(value: unknown, conv: string, flags: string, precision: number | undefined): string {
  const num = Number(value);
  const sign = (s: string) => (num >= 0 && flags.includes('+') ? '+' + s : num >= 0 && flags.includes(' ') ? ' ' + s : s);
  switch (conv) {
    case 's':
    case 'r': {
      const s = toStr(value);
      return precision === undefined ? s : s.slice(0, precision);
    }
    case 'd':
    case 'i':
      return sign(String(Math.trunc(num)));
    case 'f':
    case 'F':
      return sign(num.toFixed(precision ?? 6));
    case 'e':
    case 'E': {
      const s = num.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return sign(conv === 'E' ? s.toUpperCase() : s);
    }
    case 'x':
      return Math.trunc(num).toString(16);
    case 'X':
      return Math.trunc(num).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(num).toString(8);
    case 'c':
      return typeof value === 'number' ? String.fromCharCode(value) : toStr(value);
  }
  return '';
}

/** `format % args`; args is one value, a list (Python's tuple) or a mapping for %(name)s. */
export function pyFormat(format: string | Markup, args: unknown): string | Markup {
  const safe = format instanceof Markup;
  const fmt = safe ? format.html : format;
  const list = Array.isArray(args) ? args : [args];
  let i = 0;
  const out = fmt.replace(SPEC, (_all, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let w: number | undefined = width === undefined ? undefined : width === '*' ? Number(list[i++]) : Number(width);
    const value = key !== undefined ? (args as Record<string, unknown>)?.[key] : list[i++];
    let s = convert(value, conv, flags, precision === undefined ? undefined : Number(precision));
    if (safe && !(value instanceof Markup)) s = escapeHtml(s);
    if (Number.isNaN(w)) w = undefined;
    return pad(s, flags, w);
  });
  return safe ? new Markup(out) : out;
}
