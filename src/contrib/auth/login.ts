// authenticate(), login() and logout(), with Django's session keys. login() never keeps
// a session key from before it (no session fixation) and rotates the CSRF token;
// the session holds an HMAC of the password hash, so a password change logs the
// user's other sessions out.
import { Request } from '../../http/request';
import { PermissionDenied } from '../../http/errors';
import { ImproperlyConfigured, InvalidArgument } from '../../core/errors';
import { AnonymousUser } from './anonymous-user';
import type { AbstractBaseUser } from './base-user';
import type { RequestUser } from './middleware';
import { backendPath, getBackendsWithPaths, type Credentials } from './backends';
import { constantTimeEqual } from '../../signing/crypto';
import { userLoggedIn, userLoggedOut, userLoginFailed } from './signals';

export const SESSION_KEY = '_auth_user_id';
export const BACKEND_SESSION_KEY = '_auth_user_backend';
export const HASH_SESSION_KEY = '_auth_user_hash';

/** The part of request.session login and logout use (see hyperdjango/sessions). */
export interface SessionLike {
  get(key: string, defaultValue?: unknown): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  cycleKey(): Promise<void>;
  flush(): Promise<void>;
}

interface SessionUser {
  pk: unknown;
  getSessionAuthHash?(): string;
  getSessionAuthFallbackHashes?(): string[];
  lastLogin?: Date | null;
}

/** The backend that authenticated each user returned by authenticate(). */
const authenticatedBy = new WeakMap<object, string>();

const SENSITIVE = /api|token|key|secret|password|signature/i;

function sessionOf(request: Request): SessionLike {
  const session = request.session as SessionLike | undefined;
  if (!session) {
    throw new ImproperlyConfigured("Logging in and out needs request.session: add 'hyperdjango.sessions.middleware' to MIDDLEWARE (before 'hyperdjango.auth.middleware').", { code: 'HYPER_AUTH_SESSIONS_MIDDLEWARE_MISSING' });
  }
  return session;
}

/**
 * The user the credentials identify, from the first backend that accepts them, or
 * null. A backend that throws PermissionDenied stops the search. The request is
 * optional, as in Django's authenticate(request=None, **credentials):
 * `authenticate({ username, password })` in a shell or a script.
 */
export async function authenticate<U extends object = AbstractBaseUser>(credentials: Credentials): Promise<U | null>;
export async function authenticate<U extends object = AbstractBaseUser>(request: Request | null, credentials: Credentials): Promise<U | null>;
export async function authenticate<U extends object = AbstractBaseUser>(first: Request | Credentials | null, second?: Credentials): Promise<U | null> {
  const oneArgument = second === undefined && first !== null && !(first instanceof Request);
  const request = oneArgument ? null : (first as Request | null);
  const credentials = oneArgument ? first : second ?? {};
  for (const { path, backend } of getBackendsWithPaths()) {
    if (!backend.authenticate) continue;
    let user: unknown;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (error) {
      if (error instanceof PermissionDenied) break;
      throw error;
    }
    if (user === null || user === undefined) continue;
    authenticatedBy.set(user as object, path);
    // The backends' user model: AbstractBaseUser's subclasses, or U when a custom backend returns another kind.
    return user as U;
  }
  const masked = Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, SENSITIVE.test(key) ? '********************' : value]));
  await userLoginFailed.send(null, { request, credentials: masked });
  return null;
}

function chooseBackend(user: object, backend?: string | (abstract new () => unknown)): string {
  if (backend !== undefined) return backendPath(backend);
  const known = authenticatedBy.get(user);
  if (known) return known;
  const all = getBackendsWithPaths();
  if (all.length === 1) return all[0].path;
  throw new InvalidArgument('HYPER_AUTH_BACKEND_REQUIRED', 'You have several AUTHENTICATION_BACKENDS: pass the backend to login(request, user, backend), or log in a user returned by authenticate().');
}

const samePk = (a: unknown, b: unknown) => a !== null && a !== undefined && String(a) === String(b);

/** Persists the user in the session (a new session key) and sets request.user. */
export async function login(request: Request, user: SessionUser, backend?: string | (abstract new () => unknown)): Promise<void> {
  const session = sessionOf(request);
  const hash = user.getSessionAuthHash?.() ?? '';
  if (session.has(SESSION_KEY) && (!samePk(session.get(SESSION_KEY), user.pk) || (hash && !constantTimeEqual(String(session.get(HASH_SESSION_KEY, '')), hash)))) {
    // Another user's session: start from an empty one rather than inherit its data.
    await session.flush();
  } else {
    await session.cycleKey();
  }
  session.set(SESSION_KEY, user.pk);
  session.set(BACKEND_SESSION_KEY, chooseBackend(user as object, backend));
  session.set(HASH_SESSION_KEY, hash);
  request.user = user as unknown as RequestUser;
  rotateCsrfToken(request);
  await userLoggedIn.send(user.constructor, { request, user });
}

/** Rotates the CSRF token when the CSRF middleware is part of the framework (it is loaded lazily, and is optional). */
function rotateCsrfToken(request: Request): void {
  let csrf: { rotateToken?: (request: Request) => void } | undefined;
  try {
    csrf = require('../../middleware/csrf') as typeof csrf;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return;
    throw error;
  }
  csrf?.rotateToken?.(request);
}

/** Removes the user from the session (all of its data goes) and sets request.user to AnonymousUser. */
export async function logout(request: Request): Promise<void> {
  const user = request.user as { isAuthenticated?: boolean } | undefined;
  await userLoggedOut.send(user?.constructor, { request, user: user?.isAuthenticated ? user : null });
  await sessionOf(request).flush();
  request.user = new AnonymousUser();
}

/** The user of the session (AnonymousUser when none, or when the password changed since login). */
export async function getUser(request: Request): Promise<unknown> {
  const session = sessionOf(request);
  if (!session.has(SESSION_KEY)) return new AnonymousUser();
  const userId = session.get(SESSION_KEY);
  const path = session.get(BACKEND_SESSION_KEY);
  const entry = getBackendsWithPaths().find((candidate) => candidate.path === path);
  const user = entry?.backend.getUser ? ((await entry.backend.getUser(userId)) as SessionUser | null) : null;
  if (!user) return new AnonymousUser();
  if (user.getSessionAuthHash) {
    const stored = String(session.get(HASH_SESSION_KEY, ''));
    const current = user.getSessionAuthHash();
    if (!stored || !constantTimeEqual(stored, current)) {
      // Made under a SECRET_KEY_FALLBACKS key: still valid, moved to the current key.
      if (stored && (user.getSessionAuthFallbackHashes?.() ?? []).some((fallback) => constantTimeEqual(stored, fallback))) {
        await session.cycleKey();
        session.set(HASH_SESSION_KEY, current);
      } else {
        await session.flush();
        return new AnonymousUser();
      }
    }
  }
  return user;
}

/**
 * After the user changed their own password: store the new hash in this session so that
 * it stays logged in while the user's other sessions are logged out.
 */
export async function updateSessionAuthHash(request: Request, user: SessionUser): Promise<void> {
  const session = sessionOf(request);
  await session.cycleKey();
  if (user.getSessionAuthHash && samePk(session.get(SESSION_KEY), user.pk)) session.set(HASH_SESSION_KEY, user.getSessionAuthHash());
}

/** Sets lastLogin on login (connected by the app; disconnect it to stop the update). */
export async function updateLastLogin({ user }: { user: unknown }): Promise<void> {
  const target = user as SessionUser & { save(options: { updateFields: string[] }): Promise<unknown>; constructor: { _meta?: { findField(name: string): unknown } } };
  if (!target.constructor._meta?.findField('lastLogin')) return;
  target.lastLogin = new Date();
  await target.save({ updateFields: ['lastLogin'] });
}
