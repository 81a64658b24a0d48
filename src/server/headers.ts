// Response headers: normalised to a flat [name, value, ...] list and validated
// here, before anything reaches a socket or the native server. The server owns
// framing, so Content-Length, Transfer-Encoding, Connection and Date given by a
// handler are dropped.
import { nullPrototypeRecord } from '../core/null-prototype-record';
import { ResponseError } from './errors';

export type HeaderInput =
  | Readonly<Record<string, string | number | readonly string[] | undefined>>
  | ReadonlyArray<readonly [string, string]>
  | CheckedHeaderLines;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const OWNED = new Set(['content-length', 'transfer-encoding', 'connection', 'date', 'keep-alive']);

// Names repeat across responses: remember the verdict for the ones seen (bounded).
const knownNames = new Map<string, boolean>();

function nameIsOwned(name: string): boolean {
  let owned = knownNames.get(name);
  if (owned === undefined) {
    if (typeof name !== 'string' || !TOKEN.test(name)) throw new ResponseError(`invalid response header name ${JSON.stringify(name)}`);
    owned = OWNED.has(name.toLowerCase());
    if (knownNames.size < 1024) knownNames.set(name, owned);
  }
  return owned;
}

/** A value the server writes as it is: Latin-1 text without control characters (a tab is allowed). */
export function isValidHeaderValue(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** Framing headers the server writes itself (lower-case names): a handler's are dropped. */
export function isServerOwnedHeader(lowerName: string): boolean {
  return OWNED.has(lowerName);
}

/**
 * Header lines whose maker already checked them as flattenHeaders would (names are
 * tokens, values pass isValidHeaderValue, no server-owned name): the web layer's
 * ResponseHeaders checks each value when it is set, so the lines of every response
 * are not checked a second time, character by character, on the way out. `block` is
 * the same lines as the native server takes them ('Name: value\r\n' each).
 */
export abstract class CheckedHeaderLines {
  abstract readonly block: string;
  /** Alternating name, value: a new array each time (an adapter may add its framing lines to it). */
  abstract readonly flat: string[];
}

function push(out: string[], name: string, value: unknown): void {
  if (nameIsOwned(name)) return;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !isValidHeaderValue(text)) {
    throw new ResponseError(`invalid value for response header ${name}: ${JSON.stringify(value)} (no CR, LF or control characters)`);
  }
  out.push(name, text);
}

export function flattenHeaders(input: HeaderInput | undefined): string[] {
  if (input instanceof CheckedHeaderLines) return input.flat;
  const out: string[] = [];
  if (input === undefined || input === null) return out;
  if (Array.isArray(input)) {
    for (const pair of input as ReadonlyArray<readonly [string, string]>) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new ResponseError('header pairs must be [name, value]');
      push(out, pair[0], pair[1]);
    }
    return out;
  }
  if (typeof input !== 'object') throw new ResponseError('headers must be an object or an array of [name, value] pairs');
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) push(out, name, v);
    else push(out, name, value);
  }
  return out;
}

export function checkStatus(status: unknown): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 999) {
    throw new ResponseError(`invalid response status ${String(status)} (an integer from 200 to 999)`);
  }
  return status;
}

/** A repeated request header's values as one: joined with ', ' ('; ' for cookie). */
export function joinRepeated(lowerName: string, previous: string | undefined, value: string): string {
  return previous === undefined ? value : `${previous}${lowerName === 'cookie' ? '; ' : ', '}${value}`;
}

/** Request headers as a record: lower-case names; repeats joined (joinRepeated). */
export function headersRecord(raw: readonly string[]): Record<string, string> {
  const out = nullPrototypeRecord<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    out[name] = joinRepeated(name, out[name], raw[i + 1]);
  }
  return out;
}
