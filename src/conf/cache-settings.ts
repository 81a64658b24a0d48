// The CACHES setting (src/cache), declared here so that loading settings knows it and
// refuses a malformed entry before any cache is built. See docs/cache.md.
import { declareSetting } from './declarations';
import { badEnvValue, parseJson } from './parse-env-value';
import * as t from './setting-types';
import type { SettingType } from './setting-types';

/** One entry of CACHES, as Django's. */
export interface CacheEntry {
  BACKEND: string;
  /** locmem: the store's name; database: the table; Redis: a redis:// or rediss:// URL. */
  LOCATION?: string;
  /** Seconds a value lives when set() is given none; null: forever. 300 by default. */
  TIMEOUT?: number | null;
  KEY_PREFIX?: string;
  VERSION?: number;
  /** (key, prefix, version) => the stored key, or a module name as 'cache/keys#makeKey'. */
  KEY_FUNCTION?: string | ((key: string, keyPrefix: string, version: number) => string);
  OPTIONS?: Record<string, unknown>;
}

declare module './global-settings' {
  interface Settings {
    CACHES: Record<string, CacheEntry>;
    CACHE_MIDDLEWARE_ALIAS: string;
    CACHE_MIDDLEWARE_SECONDS: number;
    CACHE_MIDDLEWARE_KEY_PREFIX: string;
  }
}

const ENTRY_KEYS = new Set(['BACKEND', 'LOCATION', 'TIMEOUT', 'KEY_PREFIX', 'VERSION', 'KEY_FUNCTION', 'OPTIONS']);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with one CACHES entry, or null when it is well formed. */
export function cacheEntryProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'is not an object';
  const unknown = Object.keys(value).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length) return `has unknown key ${unknown.join(', ')} (the keys are ${[...ENTRY_KEYS].join(', ')})`;
  if (typeof value.BACKEND !== 'string' || value.BACKEND === '') return 'has no BACKEND string';
  if (value.LOCATION !== undefined && typeof value.LOCATION !== 'string') return 'has a LOCATION that is not a string';
  const timeout = value.TIMEOUT;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || !Number.isFinite(timeout))) return 'has a TIMEOUT that is not a number of seconds or null';
  if (value.KEY_PREFIX !== undefined && typeof value.KEY_PREFIX !== 'string') return 'has a KEY_PREFIX that is not a string';
  if (value.VERSION !== undefined && !Number.isSafeInteger(value.VERSION)) return 'has a VERSION that is not an integer';
  const keyFunction = value.KEY_FUNCTION;
  if (keyFunction !== undefined && typeof keyFunction !== 'string' && typeof keyFunction !== 'function') return 'has a KEY_FUNCTION that is not a function or a module name';
  if (value.OPTIONS !== undefined && !isPlainObject(value.OPTIONS)) return 'has OPTIONS that are not an object';
  return null;
}

const isCaches = (v: unknown): v is Record<string, CacheEntry> => isPlainObject(v) && 'default' in v && Object.values(v).every((entry) => cacheEntryProblem(entry) === null);

const cachesType: SettingType<Record<string, CacheEntry>> = {
  expected: "an object of cache aliases, 'default' among them, to { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION, TIMEOUT, KEY_PREFIX, VERSION, KEY_FUNCTION, OPTIONS }",
  is: isCaches,
  parse: (raw) => {
    const value = parseJson(raw);
    if (!isCaches(value)) throw badEnvValue(`expected a JSON object of cache aliases ('default' among them) to {"BACKEND": ..., "LOCATION": ...}, got '${raw}'`);
    return value;
  },
};

/** Django's default: one local-memory cache. */
export const DEFAULT_CACHES: Record<string, CacheEntry> = { default: { BACKEND: 'hyperdjango.cache.LocMemCache' } };

declareSetting({ name: 'CACHES', type: cachesType, default: DEFAULT_CACHES, doc: "Caches by alias, 'default' among them: each { BACKEND, LOCATION, TIMEOUT, KEY_PREFIX, VERSION, KEY_FUNCTION, OPTIONS }, as Django." });
declareSetting({ name: 'CACHE_MIDDLEWARE_ALIAS', type: t.str, default: 'default', doc: 'The CACHES alias the cache middleware and cachePage() use.' });
declareSetting({ name: 'CACHE_MIDDLEWARE_SECONDS', type: t.int, default: 600, doc: 'Seconds the cache middleware keeps a page when the response sets no max-age.' });
declareSetting({ name: 'CACHE_MIDDLEWARE_KEY_PREFIX', type: t.str, default: '', doc: 'Put in the page cache keys, so sites sharing a cache keep apart.' });
