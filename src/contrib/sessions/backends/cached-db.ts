// The cached database backend (SESSION_ENGINE 'cached_db'), as Django's: the database is
// the record and the SESSION_CACHE_ALIAS cache serves reads. A write goes to the database
// first, then the cache; a cache that cannot be reached is logged and the database alone
// serves, so users stay logged in while Redis is down.
import { CacheError } from '../../../cache/errors';
import { defaultLog } from '../../../http/log';
import { cookieAge, EXPIRY_KEY, isSessionKey, type SessionData } from './base';
import { CACHE_KEY_PREFIX, sessionCache } from './cache';
import { SessionStore as DatabaseStore } from './db';

const KEY_PREFIX = `${CACHE_KEY_PREFIX.replace(/cache$/, 'cached_db')}`;

async function tolerant<T>(fallback: T, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    defaultLog('warning', `cached_db sessions: ${error.message}`);
    return fallback;
  }
}

export class SessionStore extends DatabaseStore {
  private cacheKey(sessionKey: string): string {
    return `${KEY_PREFIX}${sessionKey}`;
  }

  protected override async loadData(sessionKey: string): Promise<SessionData> {
    if (isSessionKey(sessionKey)) {
      const text = await tolerant(undefined, () => sessionCache().get<string>(this.cacheKey(sessionKey)));
      if (text !== undefined) return this.decode(text);
    }
    const data = await super.loadData(sessionKey);
    if (this.key) await tolerant(undefined, () => sessionCache().set(this.cacheKey(sessionKey), this.encode(data), this.getExpiryAgeOf(data)));
    return data;
  }

  override async exists(sessionKey: string): Promise<boolean> {
    if (isSessionKey(sessionKey) && (await tolerant(false, () => sessionCache().has(this.cacheKey(sessionKey))))) return true;
    return super.exists(sessionKey);
  }

  override async save(mustCreate = false): Promise<void> {
    await super.save(mustCreate);
    const key = this.key;
    if (key) await tolerant(undefined, () => sessionCache().set(this.cacheKey(key), this.encode(this.loaded ? this.data : {}), this.getExpiryAge()));
  }

  override async deleteRecord(sessionKey?: string): Promise<void> {
    const key = sessionKey ?? this.key;
    await super.deleteRecord(sessionKey);
    if (key && isSessionKey(key)) await tolerant(false, () => sessionCache().delete(this.cacheKey(key)));
  }

  /** The expiry of data just loaded, before it is this session's (getExpiryAge() reads loaded data only). */
  private getExpiryAgeOf(data: SessionData): number {
    const expiry = data[EXPIRY_KEY];
    if (typeof expiry === 'number' && expiry > 0) return expiry;
    if (typeof expiry === 'string') return Math.floor((Date.parse(expiry) - Date.now()) / 1000);
    return cookieAge();
  }
}
