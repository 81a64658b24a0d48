// hyperdjango/cache: Django's cache framework. CACHES by alias (`caches.get(alias)`),
// `cache` for the default alias, and the backends: local memory (the default), the
// dummy cache, a PostgreSQL table, Redis. See docs/cache.md.
export { caches, cache, createCache, BUILTIN_CACHE_BACKENDS } from './caches';
export { BaseCache, DEFAULT_MAX_VALUE_SIZE, MAX_KEY_LENGTH, defaultKeyFunction } from './base';
export type { CacheParams, HitResult, KeyFunction, Timeout } from './base';
export { LocMemCache, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_SIZE } from './locmem';
export { DummyCache } from './dummy';
export { DatabaseCache, DEFAULT_CULL_FREQUENCY, createCacheTableSql } from './database';
export { RedisCache, DEFAULT_REDIS_URL } from './redis';
export { CacheError, CacheUnavailable, InvalidCacheKey } from './errors';
export { serialize, deserialize } from './serialize';
export type { CacheEntry } from '../conf/cache-settings';
export { cachePage, updateCacheMiddleware, fetchFromCacheMiddleware } from './decorators';
export type { CachePageOptions } from './decorators';
export { getCacheKey, learnCacheKey } from './page-cache';
