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
 * Escapes a plain string. One regex scan finds the first special character (most values
 * have none) and then each next one: no per-character String.prototype calls, which turn
 * slow for the whole process once String.prototype is made a dictionary (any library
 * doing Object.create(String.prototype) does that, nunjucks's SafeString for one).
 */
export function escapeString(s: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(s)) return s;
  let out = '';
  let last = 0;
  do {
    const i = SPECIAL.lastIndex - 1;
    out += s.slice(last, i) + entity(s[i]);
    last = i + 1;
  } while (SPECIAL.test(s));
  return out + s.slice(last);
}

/** Converts any value to its printed form: undefined and null print nothing. */
export function toStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Markup) return value.html;
  return String(value);
}

/** The printed form of a value, HTML-escaped unless it is Markup. */
export function escapeHtml(value: unknown): string {
  if (typeof value === 'string') return escapeString(value);
  if (typeof value === 'number') return String(value);
  if (value == null) return '';
  if (value instanceof Markup) return value.html;
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
