// Conditional GET: an ETag for successful GET/HEAD responses that have none
// (a hash of the body), and 304 Not Modified when If-None-Match or
// If-Modified-Since says the client's copy is current.
import * as crypto from 'node:crypto';
import { etagMatches } from '../http/file-response';
import { HttpResponse, HttpResponseNotModified } from '../http/response';
import type { Middleware } from '../http/types';

const KEEP = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'last-modified', 'vary', 'set-cookie'];

export const conditionalGetMiddleware: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request);
  if ((request.method !== 'GET' && request.method !== 'HEAD') || response.status !== 200 || !(response instanceof HttpResponse)) return response;
  if (!response.headers.has('etag') && !/no-store/i.test(response.headers.get('cache-control') ?? '')) {
    response.headers.set('etag', `"${crypto.createHash('sha1').update(response.content).digest('base64url').slice(0, 27)}"`);
  }
  const etag = response.headers.get('etag');
  const inm = request.headers.get('if-none-match');
  const ims = request.headers.get('if-modified-since');
  const lastModified = response.headers.get('last-modified');
  const fresh = inm !== undefined ? etag !== undefined && etagMatches(inm, etag) : ims !== undefined && lastModified !== undefined && Date.parse(lastModified) <= Date.parse(ims);
  if (!fresh) return response;
  const notModified = new HttpResponseNotModified();
  for (const name of KEEP) for (const value of response.headers.getAll(name)) notModified.headers.append(name, value);
  return notModified;
};
