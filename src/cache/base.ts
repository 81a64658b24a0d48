// What every cache backend shares: keys (prefix, version, KEY_FUNCTION, validation),
// timeouts, serialisation and the size limit, getOrSet's one computation per key, and
// versioning. A backend says only how to keep serialised text under a full key.
import { defaultLog } from '../http/log';
import { CacheError, CacheUnavailable, InvalidCacheKey } from './errors';
import { deserialize, serialize } from './serialize';

/** set()'s timeout: seconds, null for forever, undefined for the alias's TIMEOUT. */
export type Timeout = number | null | undefined;
export type KeyFunction = (key: string, keyPrefix: string, version: number) => string;

/** What hit() returns: the counter after the hit, its remaining life (ms), and the integer under the key also read (0 when none). */
export interface HitResult {
  count: number;
  ttl: number;
  other: number;
}

/** What a backend is built from: one CACHES entry, resolved. */
export interface CacheParams {
  alias: string;
  location: string;
  /** Seconds; null: forever. */
  timeout: number | null;
  keyPrefix: string;
  version: number;
  keyFunction: KeyFunction;
  options: Record<string, unknown>;
}

/** The largest serialised value stored unless OPTIONS.MAX_VALUE_SIZE says otherwise: 1 MiB, as memcached. */
export const DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;
/** Django's limit: longer keys (after prefix and version) are refused. */
export const MAX_KEY_LENGTH = 250;

export const defaultKeyFunction: KeyFunction = (key, keyPrefix, version) => `${keyPrefix}:${version}:${key}`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export abstract class BaseCache {
  readonly alias: string;
  readonly defaultTimeout: number | null;
  readonly keyPrefix: string;
  readonly version: number;
  readonly maxValueSize: number;
  /** OPTIONS.IGNORE_EXCEPTIONS: an unreachable store reads as a miss and writes are dropped, so the site keeps serving. */
  readonly ignoreExceptions: boolean;
  /** Whether several processes share the store: getOrSet then takes a lock key. */
  abstract readonly shared: boolean;
  protected readonly keyFunction: KeyFunction;
  private readonly computing = new Map<string, Promise<unknown>>();
  private warned = false;

  constructor(params: CacheParams) {
    this.alias = params.alias;
    this.defaultTimeout = params.timeout;
    this.keyPrefix = params.keyPrefix;
    this.version = params.version;
    this.keyFunction = params.keyFunction;
    const size = params.options.MAX_VALUE_SIZE ?? DEFAULT_MAX_VALUE_SIZE;
    if (!Number.isSafeInteger(size) || (size as number) <= 0) throw new CacheError(`CACHES['${params.alias}'].OPTIONS.MAX_VALUE_SIZE must be a positive number of bytes, got ${String(size)}.`, { code: 'HYPER_CACHE_BAD_OPTION' });
    this.maxValueSize = size as number;
    this.ignoreExceptions = params.options.IGNORE_EXCEPTIONS === true;
  }

  // The store, on full keys and serialised text. `ttl` is milliseconds, null for forever, always > 0.
  protected abstract rawGet(key: string): Promise<string | undefined>;
  protected abstract rawSet(key: string, text: string, ttl: number | null): Promise<void>;
  /** Stores only if the key holds no live value; true when it stored. */
  protected abstract rawAdd(key: string, text: string, ttl: number | null): Promise<boolean>;
  protected abstract rawDelete(key: string): Promise<boolean>;
  protected abstract rawTouch(key: string, ttl: number | null): Promise<boolean>;
  /** Adds delta to the integer under key, atomically; undefined when the key holds nothing. */
  protected abstract rawIncr(key: string, delta: number): Promise<number | undefined>;
  protected abstract rawClear(): Promise<void>;
  /**
   * One hit on a counter that lives `ttl` ms from its first hit (rate limiting): a missing or
   * expired key starts at 1. The built-in shared backends do this in one atomic step (a Lua
   * script, one SQL statement); this fallback, for a project's own backend, is add() then
   * incr(), each as atomic as the store makes them.
   */
  protected async rawHit(key: string, ttl: number, alsoRead: string | undefined): Promise<HitResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.rawAdd(key, '0', ttl);
      const count = await this.rawIncr(key, 1);
      if (count === undefined) continue; // expired between the two: start again
      const other = alsoRead === undefined ? undefined : await this.rawGet(alsoRead);
      return { count, ttl, other: other !== undefined && /^\d{1,15}$/.test(other) ? Number(other) : 0 };
    }
    throw new CacheError(`Cache '${this.alias}' lost the counter '${key}' three times in a row; is its timeout too short?`, { code: 'HYPER_CACHE_KEY_MISSING' });
  }
  protected async rawGetMany(keys: string[]): Promise<Array<string | undefined>> {
    return Promise.all(keys.map((key) => this.rawGet(key)));
  }
  protected async rawSetMany(entries: Array<[string, string]>, ttl: number | null): Promise<void> {
    await Promise.all(entries.map(([key, text]) => this.rawSet(key, text, ttl)));
  }
  protected async rawDeleteMany(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.rawDelete(key)));
  }
  /** Closes connections the backend holds. */
  async close(): Promise<void> {}

  /** The stored key of `key`: KEY_FUNCTION over KEY_PREFIX and the version (Django's make_key). */
  makeKey(key: string, version?: number): string {
    return this.keyFunction(key, this.keyPrefix, version ?? this.version);
  }

  /** Refuses what memcached cannot hold, where Django only warns: a portable key works on every backend. */
  validateKey(key: string): void {
    if (key.length > MAX_KEY_LENGTH) throw new InvalidCacheKey(`Cache key is too long (${key.length} characters, at most ${MAX_KEY_LENGTH} with its prefix and version): '${key.slice(0, 60)}...'. Hash the variable part (e.g. with node:crypto's createHash).`);
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    const bad = /[\x00-\x20\x7f]/.exec(key);
    // eslint-disable-next-line no-control-regex -- shown as '?' so the message stays on one line
    if (bad) throw new InvalidCacheKey(`Cache key '${key.replace(/[\x00-\x1f\x7f]/g, '?')}' holds a space or control character (code ${bad[0].charCodeAt(0)}) at ${bad.index}; use letters, digits and punctuation, or hash the key.`);
  }

  private fullKey(key: string, version?: number): string {
    if (typeof key !== 'string') throw new InvalidCacheKey(`Cache keys are strings, got ${typeof key}; pass String(key).`);
    const full = this.makeKey(key, version);
    this.validateKey(full);
    return full;
  }

  /** Milliseconds a value lives for `timeout` (seconds); null: forever; 0 or less: already expired. */
  protected ttl(timeout: Timeout): number | null {
    const seconds = timeout === undefined ? this.defaultTimeout : timeout;
    if (seconds === null) return null;
    if (typeof seconds !== 'number' || Number.isNaN(seconds)) throw new CacheError(`A cache timeout is a number of seconds or null, got ${String(seconds)}.`, { code: 'HYPER_CACHE_BAD_TIMEOUT' });
    return seconds <= 0 ? 0 : Math.max(1, Math.round(seconds * 1000));
  }

  private pack(key: string, value: unknown): string {
    const text = serialize(value);
    const size = Buffer.byteLength(text);
    if (size > this.maxValueSize) throw new CacheError(`The value for cache key '${key}' is ${size} bytes serialised, over the limit of ${this.maxValueSize} of cache '${this.alias}'; cache less, or raise CACHES['${this.alias}'].OPTIONS.MAX_VALUE_SIZE.`, { code: 'HYPER_CACHE_VALUE_TOO_LARGE' });
    return text;
  }

  /** Runs a store operation; an unreachable store gives `fallback` when IGNORE_EXCEPTIONS is set. */
  protected async guard<T>(fallback: T, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (!(error instanceof CacheUnavailable) || !this.ignoreExceptions) throw error;
      if (!this.warned) {
        this.warned = true;
        defaultLog('warning', `cache '${this.alias}' is unreachable, serving without it (IGNORE_EXCEPTIONS): ${error.message}`);
      }
      return fallback;
    }
  }

  async get<T = unknown>(key: string, defaultValue?: T, version?: number): Promise<T | undefined> {
    const full = this.fullKey(key, version);
    const text = await this.guard(undefined, () => this.rawGet(full));
    return text === undefined ? defaultValue : (deserialize(text, full) as T);
  }

  async set(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<void> {
    const full = this.fullKey(key, version);
    const text = this.pack(full, value);
    const ttl = this.ttl(timeout);
    await this.guard(undefined, async () => {
      if (ttl === 0) await this.rawDelete(full);
      else await this.rawSet(full, text, ttl);
    });
  }

  /** Stores only when the key holds nothing; true when it stored. */
  async add(key: string, value: unknown, timeout?: Timeout, version?: number): Promise<boolean> {
    const full = this.fullKey(key, version);
    const text = this.pack(full, value);
    const ttl = this.ttl(timeout);
    return this.guard(false, async () => (ttl === 0 ? (await this.rawGet(full)) === undefined : this.rawAdd(full, text, ttl)));
  }

  /** true when the key held a value. */
  async delete(key: string, version?: number): Promise<boolean> {
    const full = this.fullKey(key, version);
    return this.guard(false, () => this.rawDelete(full));
  }

  async has(key: string, version?: number): Promise<boolean> {
    const full = this.fullKey(key, version);
    return (await this.guard(undefined, () => this.rawGet(full))) !== undefined;
  }

  /** Sets a new timeout on a live key; false when it holds nothing. */
  async touch(key: string, timeout?: Timeout, version?: number): Promise<boolean> {
    const full = this.fullKey(key, version);
    const ttl = this.ttl(timeout);
    return this.guard(false, async () => (ttl === 0 ? this.rawDelete(full) : this.rawTouch(full, ttl)));
  }

  /** The values found, by key; keys with no value are left out (Django's get_many). */
  async getMany<T = unknown>(keys: readonly string[], version?: number): Promise<Record<string, T>> {
    const fulls = keys.map((key) => this.fullKey(key, version));
    const texts = await this.guard<Array<string | undefined>>([], () => this.rawGetMany(fulls));
    const found: Record<string, T> = {};
    keys.forEach((key, i) => {
      const text = texts[i];
      if (text !== undefined) found[key] = deserialize(text, fulls[i]) as T;
    });
    return found;
  }

  /** Stores each entry; returns the keys not stored (none, unless the store is down and ignored). */
  async setMany(values: Record<string, unknown>, timeout?: Timeout, version?: number): Promise<string[]> {
    const entries = Object.entries(values).map(([key, value]): [string, string] => {
      const full = this.fullKey(key, version);
      return [full, this.pack(full, value)];
    });
    const ttl = this.ttl(timeout);
    const stored = await this.guard(false, async () => {
      if (ttl === 0) await this.rawDeleteMany(entries.map(([full]) => full));
      else await this.rawSetMany(entries, ttl);
      return true;
    });
    return stored ? [] : Object.keys(values);
  }

  async deleteMany(keys: readonly string[], version?: number): Promise<void> {
    const fulls = keys.map((key) => this.fullKey(key, version));
    await this.guard(undefined, () => this.rawDeleteMany(fulls));
  }

  /** Adds `delta` to an integer value, atomically; the key must hold one (Django raises ValueError). */
  async incr(key: string, delta = 1, version?: number): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new CacheError(`incr()/decr() take an integer delta, got ${String(delta)}.`, { code: 'HYPER_CACHE_NOT_INTEGER' });
    const full = this.fullKey(key, version);
    const result = await this.rawIncr(full, delta);
    if (result === undefined) throw new CacheError(`Cache key '${key}' holds no value to increment in cache '${this.alias}'; set() it first (or use add() then incr()).`, { code: 'HYPER_CACHE_KEY_MISSING' });
    return result;
  }

  async decr(key: string, delta = 1, version?: number): Promise<number> {
    return this.incr(key, -delta, version);
  }

  /**
   * Counts one hit under `key` (what hyperdjango/ratelimit uses): the counter is made with a
   * life of `ttl` milliseconds when it holds nothing, and `alsoRead` (another counter, e.g.
   * the previous window's) is read in the same step. With IGNORE_EXCEPTIONS an unreachable
   * store counts nothing ({ count: 0 }): limits then let requests through.
   */
  async hit(key: string, ttl: number, alsoRead?: string): Promise<HitResult> {
    if (!Number.isFinite(ttl) || ttl <= 0) throw new CacheError(`hit() takes a positive life in milliseconds, got ${String(ttl)}.`, { code: 'HYPER_CACHE_BAD_TIMEOUT' });
    const full = this.fullKey(key);
    const other = alsoRead === undefined ? undefined : this.fullKey(alsoRead);
    const life = Math.max(1, Math.round(ttl));
    return this.guard({ count: 0, ttl: life, other: 0 }, () => this.rawHit(full, life, other));
  }

  /**
   * The cached value, or `fallback` (called if a function) stored and returned. Concurrent
   * misses of one key in this process share one computation; on a shared store a short
   * lock key makes other processes wait for it rather than compute too.
   */
  async getOrSet<T>(key: string, fallback: T | (() => T | Promise<T>), timeout?: Timeout, version?: number): Promise<T> {
    const full = this.fullKey(key, version);
    const running = this.computing.get(full);
    if (running) return running as Promise<T>;
    const work = this.computeOnce(key, full, fallback, timeout, version);
    this.computing.set(full, work);
    try {
      return await work;
    } finally {
      this.computing.delete(full);
    }
  }

  private async computeOnce<T>(key: string, full: string, fallback: T | (() => T | Promise<T>), timeout: Timeout, version?: number): Promise<T> {
    const cached = await this.guard(undefined, () => this.rawGet(full));
    if (cached !== undefined) return deserialize(cached, full) as T;
    const lockKey = `${full}:lock`;
    let locked = false;
    if (this.shared) {
      const lockTtl = this.lockTimeout;
      const deadline = Date.now() + lockTtl;
      locked = await this.guard(true, () => this.rawAdd(lockKey, '1', lockTtl));
      while (!locked && Date.now() < deadline) {
        await sleep(20);
        const text = await this.guard(undefined, () => this.rawGet(full));
        if (text !== undefined) return deserialize(text, full) as T;
        locked = await this.guard(true, () => this.rawAdd(lockKey, '1', lockTtl));
      }
    }
    try {
      const value = typeof fallback === 'function' ? await (fallback as () => T | Promise<T>)() : fallback;
      await this.set(key, value, timeout, version);
      return value;
    } finally {
      if (locked) await this.guard(false, () => this.rawDelete(lockKey));
    }
  }

  /** How long getOrSet's lock holds (ms): long enough for a computation, short enough that a crashed holder is outlived. */
  protected readonly lockTimeout: number = 10_000;

  /** Moves a value to version + delta (Django's incr_version); returns the new version. */
  async incrVersion(key: string, delta = 1, version?: number): Promise<number> {
    const from = version ?? this.version;
    const full = this.fullKey(key, from);
    const text = await this.guard(undefined, () => this.rawGet(full));
    if (text === undefined) throw new CacheError(`Cache key '${key}' holds no value at version ${from} in cache '${this.alias}'; nothing to move.`, { code: 'HYPER_CACHE_KEY_MISSING' });
    await this.set(key, deserialize(text, full), undefined, from + delta);
    await this.delete(key, from);
    return from + delta;
  }

  async decrVersion(key: string, delta = 1, version?: number): Promise<number> {
    return this.incrVersion(key, -delta, version);
  }

  /** Empties the cache (for a shared store with a KEY_PREFIX, only the keys under the prefix). */
  async clear(): Promise<void> {
    await this.guard(undefined, () => this.rawClear());
  }
}
