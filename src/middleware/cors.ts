// CORS: answers preflight OPTIONS requests and adds Access-Control-* headers for
// allowed origins (CORS_ALLOWED_ORIGINS, or every origin with
// CORS_ALLOW_ALL_ORIGINS, in which case credentials are never allowed).
import { settings } from '../conf/settings';
import { HttpResponse } from '../http/response';
import type { Middleware } from '../http/types';

export const corsMiddleware: Middleware = (getResponse) => {
  const origins = new Set(settings.CORS_ALLOWED_ORIGINS.map((o) => o.toLowerCase().replace(/\/$/, '')));
  const all = settings.CORS_ALLOW_ALL_ORIGINS;
  const credentials = settings.CORS_ALLOW_CREDENTIALS && !all;
  const methods = settings.CORS_ALLOW_METHODS.join(', ');
  const headers = settings.CORS_ALLOW_HEADERS.join(', ');
  const expose = settings.CORS_EXPOSE_HEADERS.join(', ');
  const maxAge = settings.CORS_PREFLIGHT_MAX_AGE;
  return async (request) => {
    const origin = request.headers.get('origin');
    const allowed = origin !== undefined && (all || origins.has(origin.toLowerCase()));
    const preflight = request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
    const response = preflight ? new HttpResponse('', { status: allowed ? 204 : 403 }) : await getResponse(request);
    response.headers.addVary('Origin');
    if (!allowed) return response;
    response.headers.set('access-control-allow-origin', all && !credentials ? '*' : origin);
    if (credentials) response.headers.set('access-control-allow-credentials', 'true');
    if (preflight) {
      response.headers.set('access-control-allow-methods', methods);
      response.headers.set('access-control-allow-headers', headers);
      if (maxAge > 0) response.headers.set('access-control-max-age', maxAge);
    } else if (expose) {
      response.headers.set('access-control-expose-headers', expose);
    }
    return response;
  };
};
