// The auth middleware ('hyperdjango.auth.middleware'): request.user is the session's
// user (one query, loaded before the view, only when the session holds a user id)
// or AnonymousUser, made when first read, as Django's lazy request.user: reading it
// reads the session (so the response says Vary: Cookie), and a request that never
// reads it costs no session work. `await request.auser()` gives the same user.
import { ImproperlyConfigured } from '../../core/errors';
import { PENDING, type Request } from '../../http/request';
import type { Middleware } from '../../http/types';
import { AnonymousUser } from './anonymous-user';
import type { AbstractUser } from './abstract-user';
import { SESSION_KEY, getUser } from './login';

/**
 * The user model request.user holds: AbstractUser's fields unless the project names its
 * AUTH_USER_MODEL here, `declare module 'hyperdjango/auth' { interface RequestUserModel { model: Member } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty until a project's declaration merges into it
export interface RequestUserModel {}

/** request.user: the logged-in user, else AnonymousUser. */
export type RequestUser = (RequestUserModel extends { model: infer U } ? U : AbstractUser) | AnonymousUser;

declare module '../../http/request' {
  interface RequestExtensions {
    /** The logged-in user, else AnonymousUser (set by the auth middleware). */
    user: RequestUser;
  }
}

/** request.user of a session without a user id: the read counts as reading the session. */
function anonymous(request: Request): AnonymousUser {
  (request.session as { has(key: string): boolean }).has(SESSION_KEY);
  return new AnonymousUser();
}

/** Whether the session holds a user id, without counting as a read of it. */
function holdsUser(session: { has(key: string): boolean; accessed?: boolean }): boolean {
  const accessed = session.accessed;
  const held = session.has(SESSION_KEY);
  if (accessed !== undefined) session.accessed = accessed;
  return held;
}

export const authMiddleware: Middleware = (getResponse) => {
  const withUser = async (request: Request) => {
    request.user = (await getUser(request)) as RequestUser;
    return getResponse(request);
  };
  return (request) => {
    const session = request.peek('session');
    if (session === undefined) {
      throw new ImproperlyConfigured(
        "The auth middleware needs the sessions middleware: edit MIDDLEWARE to list 'hyperdjango.sessions.middleware' before 'hyperdjango.auth.middleware'.",
        { code: 'HYPER_AUTH_SESSIONS_MIDDLEWARE_MISSING' },
      );
    }
    request.auser = () => Promise.resolve(request.user);
    // No session cookie (the session is not made yet), or no user id in it: nobody to load.
    if (session === PENDING || !holdsUser(session as { has(key: string): boolean })) {
      request.setLazy('user', anonymous);
      return getResponse(request);
    }
    return withUser(request);
  };
};
