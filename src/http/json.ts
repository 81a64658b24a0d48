// JSON for responses: dates as ISO strings, bigints and decimals as strings,
// models through their toJSON(); '<', '>', '&' and the JS line separators escaped
// so the text is safe inside HTML too. Maps and Sets are converted only on the
// replacer path (a bigint in the data, or a replacer given): convert them yourself
// (Object.fromEntries, [...set]) for the fast path.
import { InvalidArgument } from '../core/errors';

export type JsonReplacer = (key: string, value: unknown) => unknown;

function replacer(this: unknown, _key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      if (value instanceof Map) return Object.fromEntries(value);
      if (value instanceof Set) return [...value];
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (typeof (value as { then?: unknown }).then === 'function') {
        throw new InvalidArgument('HYPER_JSON_UNAWAITED', 'cannot serialize a promise or an unevaluated QuerySet to JSON: await it first');
      }
      return value;
    default:
      return value;
  }
}

// JSON.stringify turns a Date into text through Date.prototype.toJSON, a call from
// V8's C++ into toISOString and back that costs more than the rest of a small
// record's serialisation. So the fast path first walks the data: when it holds
// Dates (directly or in what a toJSON() returns, such as a model's), they are
// formatted here and JSON.stringify gets a copy of just the containers on their
// path; data without them is handed over as it is, uncopied.
// eslint-disable-next-line @typescript-eslint/unbound-method -- compared against a value's own toJSON, never called unbound
const DATE_TO_JSON = Date.prototype.toJSON;
// eslint-disable-next-line @typescript-eslint/unbound-method -- compared against its own toISOString, never called unbound
const DATE_TO_ISO = Date.prototype.toISOString;
const MAX_DEPTH = 64;
/** The walk gave up (too deep, or an odd toJSON): serialise the data as given. */
const GIVE_UP = Symbol('give up');
// Years 0 to 9999, the range toISOString writes with four digits.
const MIN_TIME = -62167219200000;
const MAX_TIME = 253402300799999;

/** What Date.prototype.toJSON gives (toISOString, or null for an invalid date), in JS arithmetic. */
export function isoDate(date: Date): string | null {
  const ms = date.getTime();
  if (!(ms >= MIN_TIME && ms <= MAX_TIME)) return ms === ms ? date.toISOString() : null;
  const days = Math.floor(ms / 86400000);
  let rest = ms - days * 86400000;
  const hour = (rest / 3600000) | 0;
  rest -= hour * 3600000;
  const minute = (rest / 60000) | 0;
  rest -= minute * 60000;
  const second = (rest / 1000) | 0;
  const milli = rest - second * 1000;
  // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  // One flat string from its character codes: a template of 13 parts would be a tree of
  // strings that JSON.stringify then has to flatten.
  return String.fromCharCode(
    48 + ((year / 1000) | 0), 48 + (((year / 100) | 0) % 10), 48 + (((year / 10) | 0) % 10), 48 + (year % 10), 45,
    48 + ((month / 10) | 0), 48 + (month % 10), 45, 48 + ((day / 10) | 0), 48 + (day % 10), 84,
    48 + ((hour / 10) | 0), 48 + (hour % 10), 58, 48 + ((minute / 10) | 0), 48 + (minute % 10), 58,
    48 + ((second / 10) | 0), 48 + (second % 10), 46, 48 + ((milli / 100) | 0), 48 + (((milli / 10) | 0) % 10), 48 + (milli % 10), 90,
  );
}

/** `value` with its Dates (and toJSON results) resolved; the same object when nothing changed. */
function resolveDates(value: unknown, key: string | number, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date && value.toJSON === DATE_TO_JSON && value.toISOString === DATE_TO_ISO) return isoDate(value);
  if (depth > MAX_DEPTH) return GIVE_UP;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const result = toJSON.call(value, String(key)) as unknown;
    if (typeof result !== 'object' || result === null) return result;
    // JSON.stringify would not call the result's own toJSON: leave such a result to it.
    if (typeof (result as { toJSON?: unknown }).toJSON === 'function') return GIVE_UP;
    return resolveDates(result, key, depth);
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const resolved = resolveDates(item, i, depth + 1);
      if (resolved === GIVE_UP) return GIVE_UP;
      if (resolved !== item) (copy ??= value.slice())[i] = resolved;
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) return resolvePlain(value as Record<string, unknown>, depth);
  // Boxed primitives, bigint wrappers and the like: JSON.stringify knows them.
  if (value instanceof String || value instanceof Number || value instanceof Boolean) return value;
  const keys = Object.keys(value);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const name = keys[i];
    const item = (value as Record<string, unknown>)[name];
    if (typeof item !== 'object' || item === null) continue;
    const resolved = resolveDates(item, name, depth + 1);
    if (resolved === GIVE_UP) return GIVE_UP;
    if (resolved === item) continue;
    // A spread copies own enumerable keys as data properties ('__proto__' too).
    copy ??= { ...(value as Record<string, unknown>) };
    defineKey(copy, name, resolved);
  }
  return copy ?? value;
}

/** A plain object (the common case): for-in visits its own keys without making a list of them. */
function resolvePlain(value: Record<string, unknown>, depth: number): unknown {
  let copy: Record<string, unknown> | undefined;
  for (const name in value) {
    const item = value[name];
    if (typeof item !== 'object' || item === null) continue;
    const resolved = resolveDates(item, name, depth + 1);
    if (resolved === GIVE_UP) return GIVE_UP;
    if (resolved === item) continue;
    // A spread copies own enumerable keys as data properties ('__proto__' too).
    copy ??= { ...value };
    defineKey(copy, name, resolved);
  }
  return copy ?? value;
}

function defineKey(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

const NO_OPTIONS: { replacer?: JsonReplacer; indent?: number } = Object.freeze({});
const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function toJson(data: unknown, options: { replacer?: JsonReplacer; indent?: number } = NO_OPTIONS): string {
  const extra = options.replacer;
  let text: string | undefined;
  if (!extra) {
    // The fast path: plain JSON.stringify (dates and models have toJSON). It throws
    // on a bigint, and then the replacer path below handles bigints, Maps and Sets.
    try {
      const resolved = resolveDates(data, '', 0);
      text = JSON.stringify(resolved === GIVE_UP ? data : resolved, null, options.indent);
    } catch (error) {
      if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    }
  }
  if (text === undefined) {
    const fn = extra ? (key: string, value: unknown) => replacer.call(undefined, key, extra(key, value)) : replacer;
    text = JSON.stringify(data, fn, options.indent);
  }
  if (text === undefined) throw new InvalidArgument('HYPER_JSON_UNSERIALIZABLE', `cannot serialize ${typeof data} to JSON: give an object, array, string, number, boolean or null.`);
  return hasUnsafe(text) ? text.replace(UNSAFE, (c) => ESCAPES[c]) : text;
}

/** Whether the text holds one of UNSAFE's characters: five memchr-speed searches beat one regex scan of every character. */
function hasUnsafe(text: string): boolean {
  return text.indexOf('<') >= 0 || text.indexOf('>') >= 0 || text.indexOf('&') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0;
}
