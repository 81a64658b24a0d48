// The two fixture formats on the wire: 'json', one array of objects (Django's), and
// 'jsonl', one object a line. Both are read and written a piece at a time: the
// reader hands out each element of the top-level array as soon as it is complete, so
// a fixture of any size is loaded in memory the size of one object.
import { StringDecoder } from 'node:string_decoder';
import { DeserializationError } from './errors';

export type FixtureFormat = 'json' | 'jsonl';
export const FIXTURE_FORMATS: readonly FixtureFormat[] = ['json', 'jsonl'];

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const COMMA_BYTES = Buffer.from(',');

/** Writes fixture objects as text pieces, the array's brackets and commas included. */
export class FixtureFormatter {
  private written = 0;

  /** Objects written so far. */
  get count(): number {
    return this.written;
  }

  constructor(
    readonly format: FixtureFormat,
    readonly indent?: number,
  ) {}

  start(): string {
    return this.format === 'json' ? '[' : '';
  }

  object(value: unknown): string {
    const first = this.written++ === 0;
    if (this.format === 'jsonl') return `${JSON.stringify(value)}\n`;
    if (this.indent === undefined) return `${first ? '' : ','}${JSON.stringify(value)}`;
    return `${first ? '\n' : ',\n'}${JSON.stringify(value, null, this.indent)}`;
  }

  /** Objects given as compact JSON texts, in one piece of text (one write for a batch of rows). */
  texts(texts: readonly string[]): string {
    if (!texts.length) return '';
    if (this.indent !== undefined && this.format === 'json') return texts.map((text) => this.object(JSON.parse(text))).join('');
    const first = this.written === 0;
    this.written += texts.length;
    if (this.format === 'jsonl') return `${texts.join('\n')}\n`;
    return `${first ? '' : ','}${texts.join(',')}`;
  }

  /**
   * Objects given as compact JSON lines ('\n' after each, as COPY writes them), in chunks
   * cut anywhere: the bytes texts() would write for them. Not for an indented fixture.
   */
  async *lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let before = this.written > 0;
    for await (const chunk of chunks) {
      if (!chunk.length) continue;
      let lines = 0;
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) lines++;
      this.written += lines;
      if (this.format === 'jsonl') {
        yield chunk;
        continue;
      }
      // In an array the newline after an object is the comma before the next; the last one is dropped.
      const endsLine = chunk[chunk.length - 1] === NEWLINE;
      const body = endsLine ? chunk.subarray(0, -1) : chunk;
      for (let at = body.indexOf(NEWLINE); at !== -1; at = body.indexOf(NEWLINE, at + 1)) body[at] = COMMA;
      yield before ? Buffer.concat([COMMA_BYTES, body]) : body;
      before = endsLine;
    }
  }

  end(): string {
    if (this.format === 'jsonl') return '';
    return this.indent !== undefined && this.written ? '\n]\n' : ']\n';
  }
}

/** An element read from a fixture, with its 1-based position in the file. */
export interface ReadObject {
  value: unknown;
  index: number;
}

/**
 * The objects of a fixture, from its text in pieces; `source` names it in errors.
 * They come a piece at a time (every object completed by one chunk of text), so a
 * reader pays one await per chunk, not per object.
 */
export async function* readFixture(chunks: AsyncIterable<string | Buffer>, format: FixtureFormat, source: string): AsyncGenerator<ReadObject[]> {
  const scanner = format === 'jsonl' ? new LineScanner(source) : new ArrayScanner(source);
  // Bytes of one UTF-8 character may be split between two chunks.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const objects = scanner.scan(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (objects.length) yield objects;
  }
  const rest = scanner.scan(decoder.end());
  const last = scanner.end();
  if (rest.length || last.length) yield [...rest, ...last];
}

function parse(text: string, source: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DeserializationError(`${source}: object ${index} is not valid JSON: ${(error as Error).message}.`, { code: 'HYPER_DESERIALIZATION_INVALID_JSON' });
  }
}

/** One object a line; blank lines are skipped, a line that is not JSON is named by its number. */
class LineScanner {
  private rest = '';
  private index = 0;
  private line = 0;

  constructor(private readonly source: string) {}

  scan(text: string): ReadObject[] {
    const out: ReadObject[] = [];
    let from = 0;
    let end: number;
    while ((end = text.indexOf('\n', from)) >= 0) {
      this.take(from === 0 && this.rest ? this.rest + text.slice(0, end) : text.slice(from, end), out);
      this.rest = '';
      from = end + 1;
    }
    if (from < text.length) this.rest += text.slice(from);
    return out;
  }

  end(): ReadObject[] {
    const out: ReadObject[] = [];
    this.take(this.rest, out);
    this.rest = '';
    return out;
  }

  private take(text: string, out: ReadObject[]): void {
    this.line += 1;
    if (text.trim() === '') return;
    this.index += 1;
    try {
      out.push({ value: JSON.parse(text), index: this.index });
    } catch (error) {
      throw new DeserializationError(`${this.source}: line ${this.line} is not valid JSON: ${(error as Error).message}.`, { code: 'HYPER_DESERIALIZATION_INVALID_JSON' });
    }
  }
}

/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- the scanner compares charCodeAt() numbers with the Char codes and its State, both numeric const enums */
const enum Char {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
  ByteOrderMark = 0xfeff,
}

/** The index of the quote that ends a string whose text runs from `from`; -1 when the text ends first. */
function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    // A quote after an odd run of backslashes is escaped.
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && text.charCodeAt(quote - backslashes - 1) === Char.Backslash) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

/** How many backslashes end the text after `from` (an odd count leaves the next character escaped). */
function trailingBackslashes(text: string, from: number): number {
  let count = 0;
  while (text.length - count - 1 >= from && text.charCodeAt(text.length - count - 1) === Char.Backslash) count++;
  return count;
}

const enum State {
  Before,
  Between,
  Element,
  After,
}

/**
 * The elements of a top-level JSON array. A scanner keeps the nesting depth and
 * whether it is inside a string, so it knows where each element ends without parsing
 * it; only the element that a chunk leaves unfinished is carried over. The elements a
 * chunk holds whole are parsed in one JSON.parse (they sit in the text as an array's
 * body already); only when that fails is each parsed alone, to name the bad one.
 */
class ArrayScanner {
  private state = State.Before;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The text so far of an element begun in an earlier chunk. */
  private carried: string | undefined;
  private index = 0;

  constructor(private readonly source: string) {}

  scan(text: string): ReadObject[] {
    const out: ReadObject[] = [];
    // Bounds of the elements this chunk holds whole.
    const starts: number[] = [];
    const ends: number[] = [];
    let start = 0;
    let state = this.state;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (state === State.Element) {
        if (inString) {
          // Most of a fixture is strings: jump to the closing quote instead of walking to it.
          if (escaped) {
            escaped = false;
            continue;
          }
          const close = closingQuote(text, i);
          if (close === -1) {
            escaped = trailingBackslashes(text, i) % 2 === 1;
            i = length;
          } else {
            inString = false;
            i = close;
          }
          continue;
        }
        if (c === Char.Quote) inString = true;
        else if (c === Char.OpenBrace || c === Char.OpenBracket) depth++;
        else if (depth > 0 && (c === Char.CloseBrace || c === Char.CloseBracket)) depth--;
        else if (depth === 0 && (c === Char.Comma || c === Char.CloseBracket || c === Char.CloseBrace)) {
          if (c === Char.CloseBrace) throw this.malformed(`a } closes nothing in object ${this.index + starts.length + 1}`);
          if (this.carried !== undefined) {
            // An element begun in an earlier chunk comes before this chunk's own.
            this.index += 1;
            out.push({ value: parse(this.carried + text.slice(0, i), this.source, this.index), index: this.index });
            this.carried = undefined;
          } else {
            starts.push(start);
            ends.push(i);
          }
          state = c === Char.Comma ? State.Between : State.After;
        }
        continue;
      }
      if (c === Char.Space || c === Char.Newline || c === Char.Return || c === Char.Tab || c === Char.ByteOrderMark) continue;
      if (state === State.Before) {
        if (c !== Char.OpenBracket) throw this.malformed('it does not start with [');
        state = State.Between;
      } else if (state === State.Between) {
        const count = this.index + starts.length;
        if (c === Char.CloseBracket && count === 0) state = State.After;
        else if (c === Char.CloseBracket || c === Char.Comma) throw this.malformed(`a value is missing after object ${count}`);
        else {
          state = State.Element;
          start = i;
          i--; // rescan this character as part of the element
        }
      } else {
        throw this.malformed('there is text after the closing ]');
      }
    }
    this.state = state;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    if (state === State.Element) this.carried = this.carried === undefined ? text.slice(start) : this.carried + text;
    if (starts.length) this.parseWhole(text, starts, ends, out);
    return out;
  }

  end(): ReadObject[] {
    const ended: State = this.state;
    if (ended === State.Before) throw this.malformed('it is empty');
    if (ended !== State.After) throw this.malformed(`it ends inside the array (after object ${this.index})`);
    return [];
  }

  private parseWhole(text: string, starts: number[], ends: number[], out: ReadObject[]): void {
    const first = this.index + 1;
    this.index += starts.length;
    let values: unknown[] | undefined;
    try {
      values = JSON.parse(`[${text.slice(starts[0], ends[ends.length - 1])}]`) as unknown[];
    } catch {
      // Parsed one by one, the first bad element throws with its index.
    }
    if (values?.length !== starts.length) values = starts.map((start, k) => parse(text.slice(start, ends[k]), this.source, first + k));
    for (let k = 0; k < values.length; k++) out.push({ value: values[k], index: first + k });
  }

  private malformed(what: string): DeserializationError {
    return new DeserializationError(
      `${this.source}: ${what}; a fixture is a JSON array of objects ([{"model": "app.model", "pk": 1, "fields": {...}}]) or, with the .jsonl extension, one object a line.`,
      { code: 'HYPER_DESERIALIZATION_MALFORMED' },
    );
  }
}
/* eslint-enable @typescript-eslint/no-unsafe-enum-comparison -- the scanner ends here */
