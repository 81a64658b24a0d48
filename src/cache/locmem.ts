// The local-memory cache (Django's LocMemCache): per process, LRU, bounded by entries
// (OPTIONS.MAX_ENTRIES, 300 as Django) and by size (OPTIONS.MAX_SIZE, characters of keys
// and serialised values). Values are kept serialised, as Django pickles them, so a
// caller changing an object it got cannot change what the cache holds. Caches with the
// same LOCATION in a process share one store.
import { LRUCache } from 'lru-cache';
import { BaseCache, type CacheParams, type HitResult } from './base';
import { CacheError } from './errors';

export const DEFAULT_MAX_ENTRIES = 300;
export const DEFAULT_MAX_SIZE = 32 * 1024 * 1024;

const stores = new Map<string, { signature: string; lru: LRUCache<string, string> }>();

function positiveInt(params: CacheParams, name: string, fallback: number): number {
  const value = params.options[name] ?? fallback;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new CacheError(`CACHES['${params.alias}'].OPTIONS.${name} must be a positive integer, got ${String(value)}.`, { code: 'HYPER_CACHE_BAD_OPTION' });
  return value as number;
}

export class LocMemCache extends BaseCache {
  readonly shared = false;
  private readonly lru: LRUCache<string, string>;

  constructor(params: CacheParams) {
    super(params);
    const max = positiveInt(params, 'MAX_ENTRIES', DEFAULT_MAX_ENTRIES);
    const maxSize = positiveInt(params, 'MAX_SIZE', DEFAULT_MAX_SIZE);
    const signature = `${max}/${maxSize}`;
    const existing = stores.get(params.location);
    if (existing && existing.signature === signature) this.lru = existing.lru;
    else {
      this.lru = new LRUCache<string, string>({ max, maxSize, sizeCalculation: (text, key) => text.length + key.length });
      stores.set(params.location, { signature, lru: this.lru });
    }
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }
  protected async rawSet(key: string, text: string, ttl: number | null): Promise<void> {
    this.lru.set(key, text, { ttl: ttl ?? 0 });
  }
  protected async rawAdd(key: string, text: string, ttl: number | null): Promise<boolean> {
    if (this.lru.has(key)) return false;
    this.lru.set(key, text, { ttl: ttl ?? 0 });
    return true;
  }
  protected async rawDelete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }
  protected async rawTouch(key: string, ttl: number | null): Promise<boolean> {
    const text = this.lru.get(key);
    if (text === undefined) return false;
    this.lru.set(key, text, { ttl: ttl ?? 0 });
    return true;
  }
  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    // One synchronous read and write: nothing else in this process runs between them.
    const text = this.lru.get(key);
    if (text === undefined) return undefined;
    const current = JSON.parse(text) as unknown;
    if (!Number.isSafeInteger(current)) throw new CacheError(`Cache key '${key}' holds ${text.slice(0, 40)}, not an integer: incr() and decr() add to integers only.`, { code: 'HYPER_CACHE_NOT_INTEGER' });
    const next = (current as number) + delta;
    const remaining = this.lru.getRemainingTTL(key);
    this.lru.set(key, JSON.stringify(next), { ttl: Number.isFinite(remaining) && remaining > 0 ? remaining : 0 });
    return next;
  }
  protected override async rawHit(key: string, ttl: number, alsoRead: string | undefined): Promise<HitResult> {
    // Synchronous from read to write, so in-process concurrent hits count exactly.
    const text = this.lru.get(key);
    const otherText = alsoRead === undefined ? undefined : this.lru.get(alsoRead);
    const other = otherText !== undefined && /^\d{1,15}$/.test(otherText) ? Number(otherText) : 0;
    if (text === undefined || !/^-?\d{1,15}$/.test(text)) {
      this.lru.set(key, '1', { ttl });
      return { count: 1, ttl, other };
    }
    const count = Number(text) + 1;
    const remaining = this.lru.getRemainingTTL(key);
    const left = Number.isFinite(remaining) && remaining > 0 ? remaining : 0;
    this.lru.set(key, String(count), { ttl: left });
    return { count, ttl: left || ttl, other };
  }
  protected async rawClear(): Promise<void> {
    this.lru.clear();
  }
}
