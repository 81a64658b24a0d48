// A response's headers: case-insensitive names, values validated when they are set
// (no CR/LF, so no header injection; the server's own rule, so the lines go out
// without a second check), Set-Cookie kept as separate lines.
import { CheckedHeaderLines, isServerOwnedHeader, isValidHeaderValue } from '../server/headers';
import { InvalidArgument } from '../core/errors';

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export type HeadersInit = Record<string, string | number | string[]> | Iterable<[string, string]> | ResponseHeaders;

/**
 * One header's lines. `text` is them as the server writes them ('Name: value\r\n'
 * each), made once: a preset's entries are made when the preset is, and shared by
 * every response they go into (so they are never changed: append() replaces them).
 */
interface Entry {
  readonly name: string;
  readonly values: string[];
  text: string | undefined;
  readonly shared: boolean;
  /** A framing header the server writes itself: not sent. */
  readonly owned: boolean;
}

function makeEntry(key: string, name: string, values: string[], shared = false): Entry {
  return { name, values, text: undefined, shared, owned: isServerOwnedHeader(key) };
}

function textOf(line: Entry): string {
  if (line.text === undefined) {
    let text = '';
    for (let i = 0; i < line.values.length; i++) text += `${line.name}: ${line.values[i]}\r\n`;
    line.text = text;
  }
  return line.text;
}

class ResponseHeaderLines extends CheckedHeaderLines {
  constructor(
    readonly block: string,
    private readonly map: ReadonlyMap<string, Entry>,
  ) {
    super();
  }

  get flat(): string[] {
    const out: string[] = [];
    for (const { name, values, owned } of this.map.values()) if (!owned) for (let i = 0; i < values.length; i++) out.push(name, values[i]);
    return out;
  }
}

export class ResponseHeaders {
  private readonly map = new Map<string, Entry>();

  constructor(init?: HeadersInit) {
    if (!init) return;
    if (init instanceof ResponseHeaders) {
      for (const [name, value] of init.entries()) this.append(name, value);
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<[string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (Array.isArray(value)) for (const v of value) this.append(name, v);
        else this.set(name, value);
      }
    }
  }

  set(name: string, value: string | number): this {
    const text = check(name, value);
    const key = name.toLowerCase();
    this.map.set(key, makeEntry(key, name, [text]));
    return this;
  }

  append(name: string, value: string | number): this {
    const text = check(name, value);
    const key = name.toLowerCase();
    const current = this.map.get(key);
    if (current && !current.shared) {
      current.values.push(text);
      current.text = undefined;
    } else this.map.set(key, makeEntry(key, current?.name ?? name, current ? [...current.values, text] : [text]));
    return this;
  }

  get(name: string): string | undefined {
    const entry = this.map.get(name.toLowerCase());
    if (!entry) return undefined;
    return entry.values.join(', ');
  }

  getAll(name: string): string[] {
    return [...(this.map.get(name.toLowerCase())?.values ?? [])];
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  /**
   * Adds `field` to Vary unless it is listed (or Vary is '*'): the response depends
   * on that request header, and caches must say so (Django's patch_vary_headers).
   */
  addVary(field: string): this {
    const current = this.get('vary');
    if (!current) return this.set('vary', field);
    const fields = current.split(',').map((f) => f.trim().toLowerCase());
    return fields.includes(field.toLowerCase()) || fields.includes('*') ? this : this.set('vary', `${current}, ${field}`);
  }

  /** Sets each preset line, replacing what was set (the values were checked when the preset was made). */
  setPreset(preset: PresetHeaders): this {
    const lines = preset.lines;
    for (let i = 0; i < lines.length; i++) this.map.set(lines[i].key, lines[i].entry);
    return this;
  }

  /** Sets each preset line whose header is not set yet (one map lookup each; the values were checked when the preset was made). */
  setDefaults(preset: PresetHeaders): this {
    const lines = preset.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!this.map.has(line.key)) this.map.set(line.key, line.entry);
    }
    return this;
  }

  delete(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }

  /** Every header line, names as first set; Set-Cookie and other repeated headers one line each. */
  *entries(): IterableIterator<[string, string]> {
    for (const { name, values } of this.map.values()) for (const v of values) yield [name, v];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** [name, value] pairs, one per header line. */
  pairs(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const { name, values } of this.map.values()) for (let i = 0; i < values.length; i++) out.push([name, values[i]]);
    return out;
  }

  /** Alternating name, value: the form the server takes. */
  flat(): string[] {
    const out: string[] = [];
    for (const { name, values } of this.map.values()) for (const v of values) out.push(name, v);
    return out;
  }

  /** The lines for the server, checked already (the framing headers it writes itself left out). */
  lines(): CheckedHeaderLines {
    // Joined rather than added up: one flat string, which the server reads without flattening a tree of them.
    const texts: string[] = [];
    for (const line of this.map.values()) if (!line.owned) texts.push(textOf(line));
    return new ResponseHeaderLines(texts.join(''), this.map);
  }

  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, { values }] of this.map) out[key] = values.join(', ');
    return out;
  }
}

/**
 * Constant header lines a middleware adds to every response (security headers,
 * X-Frame-Options), validated once when its configuration is read rather than
 * for every response.
 */
export class PresetHeaders {
  readonly lines: ReadonlyArray<{ readonly key: string; readonly entry: Entry }>;

  constructor(pairs: Iterable<readonly [string, string]>) {
    const lines: Array<{ key: string; entry: Entry }> = [];
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      const line = makeEntry(key, name, [check(name, value)], true);
      textOf(line);
      lines.push({ key, entry: line });
    }
    this.lines = lines;
  }
}

// Names repeat across responses: remember the ones already validated (bounded).
const goodNames = new Set<string>();

function check(name: string, value: string | number): string {
  if (!goodNames.has(name)) {
    if (!NAME.test(name)) throw new InvalidArgument('HYPER_HEADER_INVALID_NAME', `invalid header name ${JSON.stringify(name)}: use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces or ':').`);
    if (goodNames.size < 512) goodNames.add(name);
  }
  const text = typeof value === 'string' ? value : String(value);
  if (!isValidHeaderValue(text)) {
    throw new InvalidArgument('HYPER_HEADER_INVALID_VALUE', `invalid value for header ${name}: it contains CR, LF, NUL or another control character, or a character beyond Latin-1; remove them, or percent-encode the value (as RFC 8187 does for file names).`);
  }
  return text;
}
