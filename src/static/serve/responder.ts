// The answer to a request for a static file, decided once for both paths that
// serve them (the DEBUG middleware and the production server hook): 304 for a
// matching If-None-Match/If-Modified-Since, a precompressed representation when
// the client accepts it, 206/416 for a single byte range of the identity file,
// 405 for methods other than GET and HEAD.
import { etagMatches, parseRange } from '../../http/file-response';
import { negotiateEncoding } from '../../http/accept-encoding';
import type { Representation, ServedFile } from './static-file';

export interface StaticRequest {
  method: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
}

export interface StaticAnswer {
  status: number;
  headers: Array<[string, string]>;
  /** What to send (null: no body, as for 304, 405 and 416). */
  representation: Representation | null;
  /** The inclusive byte range of the representation to send. */
  start: number;
  end: number;
}

export const ALLOW = 'GET, HEAD';

/** The headers of a full 200 answer with `rep` (the native table is built from these too). */
export function answerHeaders(file: ServedFile, rep: Representation): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ['Content-Type', file.contentType],
    ['Cache-Control', file.cacheControl],
    ['ETag', rep.etag],
    ['Last-Modified', file.lastModified],
    ['Accept-Ranges', 'bytes'],
  ];
  if (file.br || file.gzip) headers.push(['Vary', 'Accept-Encoding']);
  if (rep.encoding !== 'identity') headers.push(['Content-Encoding', rep.encoding]);
  if (file.extraHeaders) headers.push(...file.extraHeaders);
  return headers;
}

/** A 304 keeps the validators and caching headers, not those describing a body. */
export function notModifiedHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.filter(([name]) => name !== 'Content-Type' && name !== 'Accept-Ranges' && name !== 'Content-Encoding');
}

function notModified(file: ServedFile, rep: Representation, request: StaticRequest): boolean {
  const inm = request.header('if-none-match');
  if (inm !== undefined) return etagMatches(inm, rep.etag);
  const ims = request.header('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && file.modifiedMs <= since;
}

export function answerStatic(file: ServedFile, request: StaticRequest): StaticAnswer {
  const method = request.method;
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: [['Allow', ALLOW], ['Content-Type', 'text/plain; charset=utf-8']], representation: null, start: 0, end: -1 };
  }
  const range = method === 'GET' ? request.header('range') : undefined;
  // A range names bytes of one representation: only the identity file's are offered.
  const encoding = range === undefined ? negotiateEncoding(request.header('accept-encoding'), { br: Boolean(file.br), gzip: Boolean(file.gzip) }) : 'identity';
  const rep = (encoding === 'identity' ? file.identity : file[encoding]) ?? file.identity;
  const headers = answerHeaders(file, rep);
  if (notModified(file, rep, request)) {
    return { status: 304, headers: notModifiedHeaders(headers), representation: null, start: 0, end: -1 };
  }
  const size = rep.size;
  if (range !== undefined) {
    const ifRange = request.header('if-range');
    // If-Range: a strong ETag compared strongly, or the exact Last-Modified date.
    const current = ifRange === undefined || ifRange === rep.etag || ifRange === file.lastModified;
    const parsed = current ? parseRange(range, size) : 'ignore';
    if (parsed === 'unsatisfiable') {
      headers.push(['Content-Range', `bytes */${size}`]);
      return { status: 416, headers, representation: null, start: 0, end: -1 };
    }
    if (parsed !== 'ignore') {
      headers.push(['Content-Range', `bytes ${parsed[0]}-${parsed[1]}/${size}`]);
      return { status: 206, headers, representation: rep, start: parsed[0], end: parsed[1] };
    }
  }
  return { status: 200, headers, representation: rep, start: 0, end: size - 1 };
}
