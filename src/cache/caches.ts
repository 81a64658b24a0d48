// The caches of the CACHES setting, by alias (Django's caches handler), and `cache`, which
// follows CACHES.default. Each is built once per settings version, as the file storages
// are: a test that reconfigures gets caches built from its settings.
import * as path from 'node:path';
import { DEFAULT_CACHES, type CacheEntry } from '../conf/cache-settings';
import { AliasHandler } from '../conf/alias-handler';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { loadExport } from '../core/module-export';
import { onShutdown } from '../core/shutdown';
import { closestMatch } from '../core/suggest';
import { BaseCache, defaultKeyFunction, type CacheParams, type KeyFunction } from './base';
import { DatabaseCache } from './database';
import { DummyCache } from './dummy';
import { LocMemCache } from './locmem';
import { RedisCache } from './redis';

type Backend = new (params: CacheParams) => BaseCache;

const BUILTIN: Record<string, Backend> = {
  'hyperdjango.cache.LocMemCache': LocMemCache,
  'hyperdjango.cache.DummyCache': DummyCache,
  'hyperdjango.cache.DatabaseCache': DatabaseCache,
  'hyperdjango.cache.RedisCache': RedisCache,
};
const DJANGO_NAMES: Record<string, string> = {
  'django.core.cache.backends.locmem.LocMemCache': 'hyperdjango.cache.LocMemCache',
  'django.core.cache.backends.dummy.DummyCache': 'hyperdjango.cache.DummyCache',
  'django.core.cache.backends.db.DatabaseCache': 'hyperdjango.cache.DatabaseCache',
  'django.core.cache.backends.redis.RedisCache': 'hyperdjango.cache.RedisCache',
};

/** Names of the built-in backends. */
export const BUILTIN_CACHE_BACKENDS: readonly string[] = Object.keys(BUILTIN);

/** CACHES as set, or Django's default when the setting is not declared yet. */
export function cacheEntries(): Record<string, CacheEntry> {
  return (settings.CACHES as Record<string, CacheEntry> | undefined) ?? DEFAULT_CACHES;
}

/** The backend name of an entry, Django's dotted names mapped to ours. */
export function backendName(entry: CacheEntry): string {
  return DJANGO_NAMES[entry.BACKEND] ?? entry.BACKEND;
}

function baseDir(): string {
  return path.resolve(String(settings.BASE_DIR ?? process.cwd()));
}

/** Builds the cache of one CACHES entry. */
export function createCache(alias: string, entry: CacheEntry): BaseCache {
  const name = backendName(entry);
  let Backend = BUILTIN[name];
  if (!Backend) {
    if (name.startsWith('hyperdjango.') || name.startsWith('django.')) {
      const match = closestMatch(name, BUILTIN_CACHE_BACKENDS);
      throw new ImproperlyConfigured(`CACHES['${alias}'].BACKEND '${entry.BACKEND}' is not a cache backend.${match ? ` Did you mean '${match}'?` : ''} Or name a project class as 'cache/memcached#MemcachedCache'.`, { code: 'HYPER_CACHE_UNKNOWN_BACKEND' });
    }
    Backend = loadExport(name, baseDir(), { setting: `CACHES['${alias}'].BACKEND`, requireExport: true }) as unknown as Backend;
    if (!(Backend.prototype instanceof BaseCache)) throw new ImproperlyConfigured(`CACHES['${alias}'].BACKEND '${entry.BACKEND}' is not a cache: extend BaseCache from 'hyperdjango/cache'.`, { code: 'HYPER_CACHE_NOT_A_CACHE' });
  }
  let keyFunction: KeyFunction = defaultKeyFunction;
  if (typeof entry.KEY_FUNCTION === 'function') keyFunction = entry.KEY_FUNCTION;
  else if (typeof entry.KEY_FUNCTION === 'string') keyFunction = loadExport(entry.KEY_FUNCTION, baseDir(), { setting: `CACHES['${alias}'].KEY_FUNCTION`, requireExport: true }) as unknown as KeyFunction;
  return new Backend({
    alias,
    location: entry.LOCATION ?? '',
    timeout: entry.TIMEOUT === undefined ? 300 : entry.TIMEOUT,
    keyPrefix: entry.KEY_PREFIX ?? '',
    version: entry.VERSION ?? 1,
    keyFunction,
    options: entry.OPTIONS ?? {},
  });
}

class CacheHandler extends AliasHandler<CacheEntry, BaseCache> {
  private readonly shutdownHook = () => this.closeAll();

  constructor() {
    super({
      setting: 'CACHES',
      unknownAliasCode: 'HYPER_CACHE_UNKNOWN_ALIAS',
      entries: cacheEntries,
      create: createCache,
      // The old caches' connections are closed in the background.
      discard: (old) => void old.close().catch(() => undefined),
    });
  }

  override get(alias: string): BaseCache {
    // A command's end (a `hyper serve` worker's too) closes the caches: an open Redis
    // client would keep the process alive after its server has closed. Registering is
    // idempotent (a set), and runShutdownHooks() empties it, so this stays cheap.
    onShutdown(this.shutdownHook);
    return super.get(alias);
  }

  /** Closes every built cache's connections (Redis clients); the next get() builds anew. */
  async closeAll(): Promise<void> {
    await Promise.all(this.takeAll().map((built) => built.close()));
  }
}

/** `caches.get('default')`, or another alias of CACHES. */
export const caches = new CacheHandler();

type CacheApi = Pick<BaseCache, 'get' | 'set' | 'add' | 'delete' | 'has' | 'touch' | 'getMany' | 'setMany' | 'deleteMany' | 'incr' | 'decr' | 'getOrSet' | 'incrVersion' | 'decrVersion' | 'clear' | 'makeKey'>;

/** CACHES.default, looked up on each call so it follows the settings (Django's `cache`). */
export const cache: CacheApi = {
  get: (...args) => caches.get('default').get(...args),
  set: (...args) => caches.get('default').set(...args),
  add: (...args) => caches.get('default').add(...args),
  delete: (...args) => caches.get('default').delete(...args),
  has: (...args) => caches.get('default').has(...args),
  touch: (...args) => caches.get('default').touch(...args),
  getMany: (...args) => caches.get('default').getMany(...args),
  setMany: (...args) => caches.get('default').setMany(...args),
  deleteMany: (...args) => caches.get('default').deleteMany(...args),
  incr: (...args) => caches.get('default').incr(...args),
  decr: (...args) => caches.get('default').decr(...args),
  getOrSet: (...args) => caches.get('default').getOrSet(...args),
  incrVersion: (...args) => caches.get('default').incrVersion(...args),
  decrVersion: (...args) => caches.get('default').decrVersion(...args),
  clear: () => caches.get('default').clear(),
  makeKey: (...args) => caches.get('default').makeKey(...args),
};
