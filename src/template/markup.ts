// Markup is a string that is known to be safe HTML: autoescape leaves it alone.
// Escaping uses MarkupSafe's entities so output matches Jinja2 byte for byte.

export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
  get length(): number {
    return this.html.length;
  }
  toJSON(): string {
    return this.html;
  }
}

/** Django's name for the same thing. */
export { Markup as SafeString };

/** Marks a string as safe HTML (what `|safe` does). */
export function markSafe(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(value == null ? '' : String(value));
}

const SPECIAL = /[&<>"']/g;

function entity(c: string): string {
  switch (c) {
    case '&': return '&amp;';
    case '<': return '&lt;';
    case '>': return '&gt;';
    case '"': return '&#34;';
    default: return '&#39;';
  }
}

/**
 * String.prototype's own charCodeAt, called through call(): a property lookup on a
 * string turns slow for the whole process once String.prototype is made a
 * dictionary (any library doing Object.create(String.prototype) does that, nunjucks's
 * SafeString for one), and this one runs for every character of an escaped value.
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(text, i), its own this
const charCodeAt = String.prototype.charCodeAt;
/** Node's Buffer method behind toString('latin1', start, end), called directly: no encoding to look up per value. */
type LatinSlicing = Buffer & { latin1Slice(start: number, end: number): string };
/** Escaped text is written here as Latin-1 bytes, then read back as one string (grown as needed). */
let scratch = Buffer.allocUnsafe(4096);
/** Longer values go the way that needs no scratch space (an escaped value is at most 5 times as long). */
const MAX_SCRATCH_INPUT = 16384;

/**
 * Escapes a plain string. One regex scan finds the first special character: most
 * values have none and are returned as they are. From there, each character is
 * copied, or its entity written, into a byte buffer read back as one string at the
 * end: no string is made per piece, which is what text full of `< > & " '` (code,
 * markup, quotes) otherwise costs.
 */
export function escapeString(s: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(s)) return s;
  const first = SPECIAL.lastIndex - 1;
  const n = s.length;
  if (n > MAX_SCRATCH_INPUT) return escapeBySlices(s, first);
  // A short text before the first special character is copied with the rest: cheaper
  // than slicing it off and adding the strings up.
  const start = first < 32 ? 0 : first;
  if (scratch.length < (n - start) * 5) scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, (n - start) * 5));
  const out = scratch;
  let j = 0;
  for (let i = start; i < n; i++) {
    const c = charCodeAt.call(s, i);
    // Letters, digits and most punctuation come after '>' (62): one test, then copied.
    if (c > 62) {
      // Beyond Latin-1 (a byte cannot hold it): the way that copies slices of the string.
      if (c > 255) return escapeBySlices(s, first);
      out[j++] = c;
      continue;
    }
    switch (c) {
      case 38: // &amp;
        out[j] = 38; out[j + 1] = 97; out[j + 2] = 109; out[j + 3] = 112; out[j + 4] = 59;
        j += 5;
        break;
      case 60: // &lt;
        out[j] = 38; out[j + 1] = 108; out[j + 2] = 116; out[j + 3] = 59;
        j += 4;
        break;
      case 62: // &gt;
        out[j] = 38; out[j + 1] = 103; out[j + 2] = 116; out[j + 3] = 59;
        j += 4;
        break;
      case 34: // &#34;
        out[j] = 38; out[j + 1] = 35; out[j + 2] = 51; out[j + 3] = 52; out[j + 4] = 59;
        j += 5;
        break;
      case 39: // &#39;
        out[j] = 38; out[j + 1] = 35; out[j + 2] = 51; out[j + 3] = 57; out[j + 4] = 59;
        j += 5;
        break;
      default:
        out[j++] = c;
    }
  }
  const tail = (out as LatinSlicing).latin1Slice(0, j);
  return start === 0 ? tail : s.slice(0, start) + tail;
}

/** The escape by slices of the string between special characters, from `first` (the first of them). */
function escapeBySlices(s: string, first: number): string {
  let out = s.slice(0, first) + entity(s[first]);
  let last = first + 1;
  SPECIAL.lastIndex = last;
  while (SPECIAL.test(s)) {
    const i = SPECIAL.lastIndex - 1;
    out += s.slice(last, i) + entity(s[i]);
    last = i + 1;
  }
  return out + s.slice(last);
}

/**
 * MarkupSafe's protocol, which Jinja2 honours: an object with an `__html__()` method
 * prints what it returns, unescaped (a form, a bound field, an error list).
 */
export interface HasHtml {
  __html__(): string | Markup;
}

const htmlOf = (value: object): string | undefined => {
  const method = (value as Partial<HasHtml>).__html__;
  if (typeof method !== 'function') return undefined;
  const html = method.call(value);
  return html instanceof Markup ? html.html : String(html);
};

/** Converts any value to its printed form: undefined and null print nothing. */
export function toStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Markup) return value.html;
  if (typeof value === 'object') return htmlOf(value) ?? String(value);
  return String(value);
}

/** The printed form of a value, HTML-escaped unless it is Markup. */
export function escapeHtml(value: unknown): string {
  if (typeof value === 'string') return escapeString(value);
  if (typeof value === 'number') return String(value);
  if (value == null) return '';
  if (value instanceof Markup) return value.html;
  if (typeof value === 'object') {
    const html = htmlOf(value);
    if (html !== undefined) return html;
  }
  return escapeString(String(value));
}

/** `|escape`: always returns Markup. */
export function escape(value: unknown): Markup {
  return value instanceof Markup ? value : new Markup(escapeHtml(value));
}

/** Joins strings the way MarkupSafe does: if any part is Markup, the rest is escaped. */
export function markupJoin(parts: unknown[], sep = ''): string | Markup {
  if (parts.some((p) => p instanceof Markup) || (sep as unknown) instanceof Markup) {
    return new Markup(parts.map(escapeHtml).join(escapeHtml(sep)));
  }
  return parts.map(toStr).join(sep);
}
