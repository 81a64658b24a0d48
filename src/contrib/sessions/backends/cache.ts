// The cache backend (SESSION_ENGINE 'cache'): sessions only in the SESSION_CACHE_ALIAS
// cache, as Django's. Fast, and shared by every worker on Redis or the database cache;
// but a cache may evict (local memory, MAX_ENTRIES) or lose its data, and the user is
// logged out: 'cached_db' keeps the database as the record.
import { caches } from '../../../cache/caches';
import type { BaseCache } from '../../../cache/base';
import { settings } from '../../../conf/settings';
import { SessionBase, type SessionData, isSessionKey, newSessionKey } from './base';
import { SessionInterrupted } from '../errors';

export const CACHE_KEY_PREFIX = 'hyperdjango.sessions.cache';

export function sessionCache(): BaseCache {
  return caches.get(settings.SESSION_CACHE_ALIAS ?? 'default');
}

export class SessionStore extends SessionBase {
  protected cacheKey(sessionKey: string): string {
    return `${CACHE_KEY_PREFIX}${sessionKey}`;
  }

  protected async loadData(sessionKey: string): Promise<SessionData> {
    const text = isSessionKey(sessionKey) ? await sessionCache().get<string>(this.cacheKey(sessionKey)) : undefined;
    if (text === undefined) {
      // Never adopt a key the client made up (or an expired one): a new key is drawn on save.
      this.key = null;
      return {};
    }
    return this.decode(text);
  }

  async exists(sessionKey: string): Promise<boolean> {
    return isSessionKey(sessionKey) && sessionCache().has(this.cacheKey(sessionKey));
  }

  async create(): Promise<void> {
    // add() is atomic on every backend: a key drawn twice is never shared.
    for (;;) {
      this.key = newSessionKey();
      if (await this.store(true)) break;
    }
    this.modified = true;
  }

  async save(mustCreate = false): Promise<void> {
    if (!this.key) return this.create();
    if (!(await this.store(mustCreate))) throw new SessionInterrupted();
  }

  /** Writes the session; with mustCreate only if the key is free. */
  protected async store(mustCreate: boolean): Promise<boolean> {
    const key = this.cacheKey(this.key!);
    const text = this.encode(this.loaded ? this.data : {});
    const cache = sessionCache();
    if (mustCreate) return cache.add(key, text, this.getExpiryAge());
    await cache.set(key, text, this.getExpiryAge());
    return true;
  }

  async deleteRecord(sessionKey?: string): Promise<void> {
    const key = sessionKey ?? this.key;
    if (!key || !isSessionKey(key)) return;
    await sessionCache().delete(this.cacheKey(key));
  }

  /** The cache expires sessions itself: nothing to clear. */
  static async clearExpired(): Promise<number> {
    return 0;
  }
}
