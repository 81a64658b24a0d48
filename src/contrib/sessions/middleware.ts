// The sessions middleware ('hyperdjango.sessions.middleware'): request.session is a
// SessionStore, loaded before the view when a session cookie arrives (one query for
// the db backend), saved after the response when modified, its cookie set with
// secure flags; Secure is added on HTTPS requests even when SESSION_COOKIE_SECURE is
// off (a departure from Django: see docs/security.md). Without a session cookie the
// store is made only if something reads request.session: a request that never
// touches it costs a branch, and stays synchronous.
import { settings } from '../../conf/settings';
import { PENDING, type Request } from '../../http/request';
import { BaseResponse } from '../../http/response';
import type { Middleware } from '../../http/types';
import type { SessionBase } from './backends/base';
import { getSessionStore } from './engine';

export const sessionMiddleware: Middleware = (getResponse) => {
  const Store = getSessionStore();
  const cookieName = settings.SESSION_COOKIE_NAME;
  const newSession = () => new Store(null);
  const finish = (request: Request, response: BaseResponse): BaseResponse | Promise<BaseResponse> => {
    const made = request.peek('session');
    // Nothing read or made the session: nothing to save, no cookie, no Vary.
    if (made === PENDING || made === undefined) return response;
    return processResponse(request, response, made as SessionBase, false);
  };
  const withCookie = async (request: Request, key: string): Promise<BaseResponse> => {
    const session = new Store(key);
    if (key) await session.load();
    request.session = session;
    const response = await getResponse(request);
    return processResponse(request, response, session, true);
  };
  return (request) => {
    const key = request.cookies[cookieName];
    if (key !== undefined) return withCookie(request, key);
    request.setLazy('session', newSession);
    const result = getResponse(request);
    return result instanceof BaseResponse ? finish(request, result) : Promise.resolve(result).then((response) => finish(request, response));
  };
};

function processResponse(request: Request, response: BaseResponse, session: SessionBase, hadCookie: boolean): BaseResponse | Promise<BaseResponse> {
  const s = settings;
  // request.session may have been replaced (e.g. by auth's login helpers): follow it.
  const current = (request.session as SessionBase | undefined) ?? session;
  if (hadCookie && current.isEmpty) {
    response.deleteCookie(s.SESSION_COOKIE_NAME, cookieOptions());
    response.headers.addVary('Cookie');
    return response;
  }
  if (current.accessed) response.headers.addVary('Cookie');
  if ((current.modified || s.SESSION_SAVE_EVERY_REQUEST) && !current.isEmpty && response.status < 500) {
    return saveAndSetCookie(request, response, current);
  }
  return response;
}

function cookieOptions() {
  const s = settings;
  return { path: s.SESSION_COOKIE_PATH, domain: s.SESSION_COOKIE_DOMAIN ?? undefined, sameSite: s.SESSION_COOKIE_SAMESITE };
}

async function saveAndSetCookie(request: Request, response: BaseResponse, current: SessionBase): Promise<BaseResponse> {
  const s = settings;
  // Saved only when the view did not fail: a 500 leaves the stored session as it was.
  await current.save();
  const browserSession = current.expireAtBrowserClose();
  response.setCookie(s.SESSION_COOKIE_NAME, current.sessionKey ?? '', {
    ...cookieOptions(),
    maxAge: browserSession ? undefined : current.getExpiryAge(),
    secure: s.SESSION_COOKIE_SECURE || request.isSecure(),
    httpOnly: s.SESSION_COOKIE_HTTPONLY,
  });
  return response;
}
