// APPEND_SLASH (Django's CommonMiddleware): a path without a trailing slash that
// matches no URL, while the same path with one does, is redirected there (301;
// 308 for methods with a body, so the body is not lost).
import { settings } from '../conf/settings';
import { Http404 } from '../http/errors';
import { HttpResponse, HttpResponsePermanentRedirect } from '../http/response';
import type { Request } from '../http/request';
import type { Middleware } from '../http/types';
import { resolve } from '../urls/resolver';

function matches(path: string): boolean {
  try {
    resolve(path);
    return true;
  } catch (error) {
    if (error instanceof Http404) return false;
    throw error;
  }
}

function slashedRedirect(request: Request): HttpResponse | null {
  const path = request.path;
  if (path.endsWith('/') || request.resolverMatch !== null || !matches(`${path}/`)) return null;
  const q = request.queryString ? `?${request.queryString}` : '';
  const target = `${encodeURI(path)}/${q}`.replace(/^\/\/+/, '/');
  if (request.method === 'GET' || request.method === 'HEAD') return new HttpResponsePermanentRedirect(target);
  const response = new HttpResponse('', { status: 308 });
  response.headers.set('location', target);
  return response;
}

export const commonMiddleware: Middleware = (getResponse) => {
  // Without APPEND_SLASH there is nothing to do: no layer.
  if (!settings.APPEND_SLASH) return getResponse;
  return (request) => {
    if (!request.path.endsWith('/')) {
      const redirect = slashedRedirect(request);
      if (redirect) return redirect;
    }
    return getResponse(request);
  };
};
