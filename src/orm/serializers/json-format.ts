// The two fixture formats on the wire: 'json', one array of objects (Django's), and
// 'jsonl', one object a line. Both are read and written a piece at a time: the
// reader hands out each element of the top-level array as soon as it is complete, so
// a fixture of any size is loaded in memory the size of one object.
import { DeserializationError } from './errors';

export type FixtureFormat = 'json' | 'jsonl';
export const FIXTURE_FORMATS: readonly FixtureFormat[] = ['json', 'jsonl'];

/** Writes fixture objects as text pieces, the array's brackets and commas included. */
export class FixtureFormatter {
  private count = 0;

  constructor(
    readonly format: FixtureFormat,
    readonly indent?: number,
  ) {}

  start(): string {
    return this.format === 'json' ? '[' : '';
  }

  object(value: unknown): string {
    const first = this.count++ === 0;
    if (this.format === 'jsonl') return `${JSON.stringify(value)}\n`;
    if (this.indent === undefined) return `${first ? '' : ','}${JSON.stringify(value)}`;
    return `${first ? '\n' : ',\n'}${JSON.stringify(value, null, this.indent)}`;
  }

  end(): string {
    if (this.format === 'jsonl') return '';
    return this.indent !== undefined && this.count ? '\n]\n' : ']\n';
  }
}

/** An element read from a fixture, with its 1-based position in the file. */
export interface ReadObject {
  value: unknown;
  index: number;
}

/** The objects of a fixture, from its text in pieces; `source` names it in errors. */
export async function* readFixture(chunks: AsyncIterable<string | Buffer>, format: FixtureFormat, source: string): AsyncGenerator<ReadObject> {
  yield* format === 'jsonl' ? readLines(chunks, source) : readArray(chunks, source);
}

function parse(text: string, source: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DeserializationError(`${source}: object ${index} is not valid JSON: ${(error as Error).message}.`, { code: 'HYPER_DESERIALIZATION_INVALID_JSON' });
  }
}

async function* readLines(chunks: AsyncIterable<string | Buffer>, source: string): AsyncGenerator<ReadObject> {
  let rest = '';
  let index = 0;
  let line = 0;
  const take = function* (text: string): Generator<ReadObject> {
    line += 1;
    if (text.trim() === '') return;
    index += 1;
    try {
      yield { value: JSON.parse(text), index };
    } catch (error) {
      throw new DeserializationError(`${source}: line ${line} is not valid JSON: ${(error as Error).message}.`, { code: 'HYPER_DESERIALIZATION_INVALID_JSON' });
    }
  };
  for await (const chunk of chunks) {
    rest += chunk.toString();
    let end: number;
    while ((end = rest.indexOf('\n')) >= 0) {
      yield* take(rest.slice(0, end));
      rest = rest.slice(end + 1);
    }
  }
  yield* take(rest);
}

/**
 * The elements of a top-level JSON array, each parsed once complete: a scanner keeps
 * the nesting depth and whether it is inside a string, so only the current element is
 * held.
 */
async function* readArray(chunks: AsyncIterable<string | Buffer>, source: string): AsyncGenerator<ReadObject> {
  let state: 'before' | 'between' | 'element' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let index = 0;
  const malformed = (what: string) => new DeserializationError(`${source}: ${what}; a fixture is a JSON array of objects ([{"model": "app.model", "pk": 1, "fields": {...}}]) or, with the .jsonl extension, one object a line.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });

  for await (const chunk of chunks) {
    const text = chunk.toString();
    let start = state === 'element' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) {
            // The array's own closing bracket after a scalar element.
            element += text.slice(start, i);
            index += 1;
            yield { value: parse(element, source, index), index };
            element = '';
            state = 'after';
            continue;
          }
          depth--;
        } else if (c === ',' && depth === 0) {
          element += text.slice(start, i);
          index += 1;
          yield { value: parse(element, source, index), index };
          element = '';
          state = 'between';
        }
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\ufeff') continue;
      if (state === 'before') {
        if (c !== '[') throw malformed('it does not start with [');
        state = 'between';
      } else if (state === 'between') {
        if (c === ']' && index === 0) state = 'after';
        else if (c === ']' || c === ',') throw malformed(`a value is missing after object ${index}`);
        else {
          state = 'element';
          start = i;
          i--; // rescan this character as part of the element
        }
      } else {
        throw malformed(`there is text after the closing ]`);
      }
    }
    if (state === 'element') element += text.slice(start === -1 ? 0 : start);
  }
  const ended: string = state;
  if (ended === 'before') throw malformed('it is empty');
  if (ended !== 'after') throw malformed(`it ends inside the array (after object ${index})`);
}
