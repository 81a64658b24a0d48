// The auth middleware ('hyperdjango.auth.middleware'): request.user is the session's
// user (one query, only when the session holds a user id) or AnonymousUser, loaded
// before the view; `await request.auser()` gives the same user.
import { ImproperlyConfigured } from '../../core/errors';
import type { Middleware } from '../../http/types';
import type { AnonymousUser } from './anonymous-user';
import type { AbstractUser } from './abstract-user';
import { getUser } from './login';

/**
 * The user model request.user holds: AbstractUser's fields unless the project names its
 * AUTH_USER_MODEL here, `declare module 'hyperdjango/auth' { interface RequestUserModel { model: Member } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RequestUserModel {}

/** request.user: the logged-in user, else AnonymousUser. */
export type RequestUser = (RequestUserModel extends { model: infer U } ? U : AbstractUser) | AnonymousUser;

declare module '../../http/request' {
  interface Request {
    /** The user of the request (set by the auth middleware). */
    auser?: () => Promise<RequestUser>;
  }
  interface RequestExtensions {
    /** The logged-in user, else AnonymousUser (set by the auth middleware). */
    user: RequestUser;
  }
}

export const authMiddleware: Middleware = (getResponse) => async (request) => {
  if (request.session === undefined) {
    throw new ImproperlyConfigured(
      "The auth middleware needs the sessions middleware: edit MIDDLEWARE to list 'hyperdjango.sessions.middleware' before 'hyperdjango.auth.middleware'.",
    );
  }
  const user = await getUser(request);
  request.user = user as RequestUser;
  request.auser = async () => request.user;
  return getResponse(request);
};
