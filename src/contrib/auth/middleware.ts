// The auth middleware ('hyperdjango.auth.middleware'): request.user is the session's
// user (one query, only when the session holds a user id) or AnonymousUser, loaded
// before the view; `await request.auser()` gives the same user.
import { ImproperlyConfigured } from '../../core/errors';
import type { Middleware } from '../../http/types';
import { getUser } from './login';

declare module '../../http/request' {
  interface Request {
    /** The user of the request (set by the auth middleware). */
    auser?: () => Promise<unknown>;
  }
}

export const authMiddleware: Middleware = (getResponse) => async (request) => {
  if (request.session === undefined) {
    throw new ImproperlyConfigured(
      "The auth middleware needs the sessions middleware: edit MIDDLEWARE to list 'hyperdjango.sessions.middleware' before 'hyperdjango.auth.middleware'.",
    );
  }
  const user = await getUser(request);
  request.user = user;
  request.auser = async () => request.user;
  return getResponse(request);
};
