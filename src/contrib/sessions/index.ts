// hyperdjango/sessions (the app hyperdjango.sessions): SessionStore backends
// (database, signed cookies), the Session model, the middleware that puts
// request.session on each request, and getSessionStore() for use outside a request.
import type { SessionBase } from './backends/base';

declare module '../../http/request' {
  interface RequestExtensions {
    /** The session of the request (set by the sessions middleware). */
    session: SessionBase;
  }
}

export { SessionBase, newSessionKey, type SessionData, type ExpiryValue } from './backends/base';
export { SessionStore as DatabaseSessionStore } from './backends/db';
export { SessionStore as SignedCookieSessionStore } from './backends/signed-cookies';
export { SessionStore as CacheSessionStore } from './backends/cache';
export { SessionStore as CachedDbSessionStore } from './backends/cached-db';
export { getSessionStore, type SessionStoreClass } from './engine';
export { sessionMiddleware } from './middleware';
export { SessionInterrupted } from './errors';
export { Session } from './models';
