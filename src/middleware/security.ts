// Security headers and the HTTPS redirect (Django's SecurityMiddleware): HSTS on
// secure requests, X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy.
// The header lines are built and checked once, when the middleware reads its settings.
import { settings } from '../conf/settings';
import { PresetHeaders } from '../http/headers';
import { BaseResponse, HttpResponsePermanentRedirect } from '../http/response';
import type { Request } from '../http/request';
import type { Middleware } from '../http/types';

export const securityMiddleware: Middleware = (getResponse) => {
  const hstsSeconds = settings.SECURE_HSTS_SECONDS;
  let hsts = hstsSeconds > 0 ? `max-age=${hstsSeconds}` : null;
  if (hsts && settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) hsts += '; includeSubDomains';
  if (hsts && settings.SECURE_HSTS_PRELOAD) hsts += '; preload';
  const lines: Array<[string, string]> = [];
  if (settings.SECURE_CONTENT_TYPE_NOSNIFF) lines.push(['x-content-type-options', 'nosniff']);
  if (settings.SECURE_REFERRER_POLICY) lines.push(['referrer-policy', settings.SECURE_REFERRER_POLICY]);
  if (settings.SECURE_CROSS_ORIGIN_OPENER_POLICY) lines.push(['cross-origin-opener-policy', settings.SECURE_CROSS_ORIGIN_OPENER_POLICY]);
  const plain = new PresetHeaders(lines);
  // HSTS goes on secure requests only, first as before.
  const secured = hsts ? new PresetHeaders([['strict-transport-security', hsts], ...lines]) : plain;
  const redirect = settings.SECURE_SSL_REDIRECT;
  const sslHost = settings.SECURE_SSL_HOST;
  const exempt = settings.SECURE_REDIRECT_EXEMPT.map((re) => new RegExp(re));
  // Only HSTS and the redirect depend on the request being secure.
  const needsScheme = redirect || hsts !== null;
  // Nothing to add and no redirect: no layer.
  if (!redirect && secured.lines.length === 0) return getResponse;
  const addHeaders = (response: BaseResponse, secure: boolean): BaseResponse => {
    response.headers.setDefaults(secure ? secured : plain);
    return response;
  };
  // Not async: a synchronous answer from inside stays synchronous (no promise hop).
  return (request: Request) => {
    const secure = needsScheme && request.isSecure();
    if (redirect && !secure && !exempt.some((re) => re.test(request.path.slice(1)))) {
      return new HttpResponsePermanentRedirect(`https://${sslHost ?? request.getHost()}${request.getFullPath()}`);
    }
    const result = getResponse(request);
    return result instanceof BaseResponse ? addHeaders(result, secure) : Promise.resolve(result).then((response) => addHeaders(response, secure));
  };
};
