// SESSION_ENGINE → the SessionStore class: 'db' (default) or 'signed_cookies', also
// under Django-like dotted names ('hyperdjango.sessions.backends.db').
import { settings, settingsConfigured } from '../../conf/settings';
import { ImproperlyConfigured } from '../../core/errors';
import type { SessionBase } from './backends/base';

export type SessionStoreClass = (new (sessionKey?: string | null) => SessionBase) & { clearExpired(): Promise<number> };

const ENGINES: Record<string, () => SessionStoreClass> = {
  db: () => require('./backends/db').SessionStore,
  signed_cookies: () => require('./backends/signed-cookies').SessionStore,
  cache: () => require('./backends/cache').SessionStore,
  cached_db: () => require('./backends/cached-db').SessionStore,
  cachedDb: () => require('./backends/cached-db').SessionStore,
};

export function engineName(engine: string): string | undefined {
  const short = engine.replace(/^(hyperdjango\.(contrib\.)?sessions|django\.contrib\.sessions)\.backends\./, '');
  return ENGINES[short] ? short : undefined;
}

/** The SessionStore class SESSION_ENGINE names: `const s = getSessionStore(); const store = new s(key)`. */
export function getSessionStore(engine: string = settingsConfigured() ? settings.SESSION_ENGINE : 'db'): SessionStoreClass {
  const name = engineName(engine);
  if (!name) {
    throw new ImproperlyConfigured(`SESSION_ENGINE '${engine}' is not a session backend. Use 'db' (sessions in the database), 'cache', 'cached_db' or 'signed_cookies'.`, { code: 'HYPER_SESSION_UNKNOWN_ENGINE' });
  }
  return ENGINES[name]();
}
