// The sessions middleware ('hyperdjango.sessions.middleware'): request.session is a
// SessionStore, loaded before the view when a session cookie arrives (one query for
// the db backend), saved after the response when modified, its cookie set with
// secure flags; Secure is added on HTTPS requests even when SESSION_COOKIE_SECURE is
// off (a departure from Django: see docs/security.md).
import { settings } from '../../conf/settings';
import type { Request } from '../../http/request';
import type { BaseResponse } from '../../http/response';
import type { Middleware } from '../../http/types';
import type { SessionBase } from './backends/base';
import { getSessionStore } from './engine';

export const sessionMiddleware: Middleware = (getResponse) => {
  const Store = getSessionStore();
  return async (request) => {
    const key = request.cookies[settings.SESSION_COOKIE_NAME];
    const session = new Store(key);
    if (key) await session.load();
    request.session = session;
    const response = await getResponse(request);
    return processResponse(request, response, session);
  };
};

async function processResponse(request: Request, response: BaseResponse, session: SessionBase): Promise<BaseResponse> {
  const s = settings;
  const cookie = { path: s.SESSION_COOKIE_PATH, domain: s.SESSION_COOKIE_DOMAIN ?? undefined, sameSite: s.SESSION_COOKIE_SAMESITE };
  const hadCookie = s.SESSION_COOKIE_NAME in request.cookies;
  // request.session may have been replaced (e.g. by auth's login helpers): follow it.
  const current = (request.session as SessionBase | undefined) ?? session;
  if (hadCookie && current.isEmpty) {
    response.deleteCookie(s.SESSION_COOKIE_NAME, cookie);
    response.headers.addVary('Cookie');
    return response;
  }
  if (current.accessed) response.headers.addVary('Cookie');
  if ((current.modified || s.SESSION_SAVE_EVERY_REQUEST) && !current.isEmpty && response.status < 500) {
    // Saved only when the view did not fail: a 500 leaves the stored session as it was.
    await current.save();
    const browserSession = current.expireAtBrowserClose();
    response.setCookie(s.SESSION_COOKIE_NAME, current.sessionKey ?? '', {
      ...cookie,
      maxAge: browserSession ? undefined : current.getExpiryAge(),
      secure: s.SESSION_COOKIE_SECURE || request.isSecure(),
      httpOnly: s.SESSION_COOKIE_HTTPONLY,
    });
  }
  return response;
}
