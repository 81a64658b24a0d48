// QueryDict: Django's multi-valued mapping for query strings and forms. get()
// returns the last value of a key (as Django does), getList() all of them.
import { TooManyFieldsSent } from './errors';

export class QueryDict {
  private readonly map = new Map<string, string[]>();

  constructor(entries?: Iterable<[string, string]>) {
    if (entries) for (const [key, value] of entries) this.append(key, value);
  }

  /** Parses 'a=1&a=2&b=x' ('+' is a space); at most `maxFields` fields (null: no limit). */
  static parse(query: string, maxFields: number | null = null): QueryDict {
    const out = new QueryDict();
    if (!query) return out;
    let count = 0;
    // Fields end at '&' or ';', found with indexOf (a split by regex costs more per request).
    let amp = query.indexOf('&');
    let semi = query.indexOf(';');
    for (let start = 0; start <= query.length; ) {
      if (amp >= 0 && amp < start) amp = query.indexOf('&', start);
      if (semi >= 0 && semi < start) semi = query.indexOf(';', start);
      const end = amp < 0 ? (semi < 0 ? query.length : semi) : semi < 0 ? amp : Math.min(amp, semi);
      if (end > start) {
        if (maxFields !== null && ++count > maxFields) {
          throw new TooManyFieldsSent(`The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${maxFields}).`);
        }
        const eq = query.indexOf('=', start);
        const hasValue = eq >= 0 && eq < end;
        out.append(decode(query.slice(start, hasValue ? eq : end)), hasValue ? decode(query.slice(eq + 1, end)) : '');
      }
      start = end + 1;
    }
    return out;
  }

  append(key: string, value: string): void {
    const list = this.map.get(key);
    if (list) list.push(value);
    else this.map.set(key, [value]);
  }

  set(key: string, value: string): void {
    this.map.set(key, [value]);
  }

  setList(key: string, values: string[]): void {
    this.map.set(key, [...values]);
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  /** The last value of `key`, or `fallback`. */
  get(key: string): string | undefined;
  get(key: string, fallback: string): string;
  get(key: string, fallback?: string): string | undefined {
    const list = this.map.get(key);
    return list && list.length ? list[list.length - 1] : fallback;
  }

  getList(key: string): string[] {
    return [...(this.map.get(key) ?? [])];
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get size(): number {
    return this.map.size;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const [key, list] of this.map) for (const value of list) yield [key, value];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** Last value per key. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, list] of this.map) out[key] = list[list.length - 1];
    return out;
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries(this.map);
  }

  urlencode(): string {
    const parts: string[] = [];
    for (const [key, value] of this.entries()) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    return parts.join('&');
  }

  copy(): QueryDict {
    return new QueryDict(this.entries());
  }
}

function decode(text: string): string {
  const s = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Malformed escapes: keep the bytes we can, as browsers and Django do.
    return Buffer.from(s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
}
