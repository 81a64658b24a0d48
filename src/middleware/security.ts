// Security headers and the HTTPS redirect (Django's SecurityMiddleware): HSTS on
// secure requests, X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy.
import { settings } from '../conf/settings';
import { BaseResponse, HttpResponsePermanentRedirect } from '../http/response';
import type { Middleware } from '../http/types';

export const securityMiddleware: Middleware = (getResponse) => {
  const hstsSeconds = settings.SECURE_HSTS_SECONDS;
  let hsts = hstsSeconds > 0 ? `max-age=${hstsSeconds}` : null;
  if (hsts && settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) hsts += '; includeSubDomains';
  if (hsts && settings.SECURE_HSTS_PRELOAD) hsts += '; preload';
  const nosniff = settings.SECURE_CONTENT_TYPE_NOSNIFF;
  const referrer = settings.SECURE_REFERRER_POLICY;
  const coop = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY;
  const redirect = settings.SECURE_SSL_REDIRECT;
  const sslHost = settings.SECURE_SSL_HOST;
  const exempt = settings.SECURE_REDIRECT_EXEMPT.map((re) => new RegExp(re));
  const addHeaders = (response: BaseResponse, secure: boolean): BaseResponse => {
    const h = response.headers;
    if (hsts && secure && !h.has('strict-transport-security')) h.set('strict-transport-security', hsts);
    if (nosniff && !h.has('x-content-type-options')) h.set('x-content-type-options', 'nosniff');
    if (referrer && !h.has('referrer-policy')) h.set('referrer-policy', referrer);
    if (coop && !h.has('cross-origin-opener-policy')) h.set('cross-origin-opener-policy', coop);
    return response;
  };
  // Not async: a synchronous answer from inside stays synchronous (no promise hop).
  return (request) => {
    const secure = request.isSecure();
    if (redirect && !secure && !exempt.some((re) => re.test(request.path.slice(1)))) {
      return new HttpResponsePermanentRedirect(`https://${sslHost ?? request.getHost()}${request.getFullPath()}`);
    }
    const result = getResponse(request);
    return result instanceof BaseResponse ? addHeaders(result, secure) : Promise.resolve(result).then((response) => addHeaders(response, secure));
  };
};
