// The types a declared setting can have: each checks a value from the settings
// module and parses one from the environment, and names itself for error messages.
import { badEnvValue, parseBoolean, parseInteger, parseJson, parseList } from './parse-env-value';

export interface SettingType<T = unknown> {
  /** How the type reads in a message: "a boolean", "a list of strings". */
  readonly expected: string;
  /** Whether a value is of this type. */
  is(value: unknown): value is T;
  /** A value from an environment string; throws badEnvValue() saying what was expected. */
  parse(raw: string): T;
}

function type<T>(expected: string, is: (value: unknown) => boolean, parse: (raw: string) => T): SettingType<T> {
  return { expected, is: is as (value: unknown) => value is T, parse };
}

function fromJson<T>(expected: string, is: (value: unknown) => boolean): SettingType<T> {
  return type<T>(expected, is, (raw) => {
    const value = parseJson(raw);
    if (!is(value)) throw badEnvValue(`expected ${expected} as JSON, got '${raw}'`);
    return value as T;
  });
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const bool = type<boolean>('a boolean', (v) => typeof v === 'boolean', parseBoolean);
export const int = type<number>('an integer', (v) => Number.isSafeInteger(v), parseInteger);
export const str = type<string>('a string', isString, (raw) => raw);
export const nullableStr = type<string | null>('a string or null', (v) => v === null || isString(v), (raw) => raw);
export const strList = type<string[]>(
  'a list of strings',
  (v) => Array.isArray(v) && v.every(isString),
  parseList,
);
export const object = fromJson<Record<string, unknown>>('an object', isPlainObject);
export const objectList = fromJson<Record<string, unknown>[]>(
  'a list of objects',
  (v) => Array.isArray(v) && v.every(isPlainObject),
);
/** A list whose items are strings naming modules, or the functions themselves. */
export const moduleOrFunctionList = type<Array<string | ((...args: never[]) => unknown)>>(
  'a list of module names or functions',
  (v) => Array.isArray(v) && v.every((item) => isString(item) || typeof item === 'function'),
  parseList,
);
/** STATICFILES_DIRS: a folder, or a [prefix, folder] pair. */
export const dirList = type<Array<string | [string, string]>>(
  "a list of folders or [prefix, folder] pairs",
  (v) =>
    Array.isArray(v) &&
    v.every((item) => isString(item) || (Array.isArray(item) && item.length === 2 && item.every(isString))),
  parseList,
);
/** DATABASES: alias -> URL ('postgres://...', 'pglite:dir') or an options object. */
export const databases = type<Record<string, string | Record<string, unknown>>>(
  'an object of database aliases to URLs or option objects',
  (v) => isPlainObject(v) && Object.values(v).every((item) => isString(item) || isPlainObject(item)),
  (raw) => {
    const text = raw.trim();
    // A bare URL configures the default alias; JSON configures several.
    if (!text.startsWith('{')) return { default: text };
    const value = parseJson(text);
    if (!isPlainObject(value)) throw badEnvValue(`expected a JSON object of aliases, got '${raw}'`);
    return value as Record<string, string | Record<string, unknown>>;
  },
);

export function timeZoneType(): SettingType<string> {
  return type<string>('an IANA time zone name such as "UTC" or "Europe/Paris"', isTimeZone, (raw) => {
    if (!isTimeZone(raw)) throw badEnvValue(`expected an IANA time zone name, got '${raw}'`);
    return raw;
  });
}

function isTimeZone(value: unknown): boolean {
  if (!isString(value) || value === '') return false;
  // Checking a name loads the ICU time zone data (about 20 ms): not for the default.
  if (value === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A value as it reads in an error message: `'yes' (string)`, `42 (number)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `${truncate(safeJson(value))} (array)`;
  if (typeof value === 'object') return `${truncate(safeJson(value))} (object)`;
  if (typeof value === 'string') return `'${truncate(value)}' (string)`;
  return `${String(value)} (${typeof value})`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
