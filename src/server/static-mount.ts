// A folder of static files the server answers for itself, before routing and
// the web handler (as nginx's `location /static/` or whitenoise at the WSGI
// layer). The implementation lives above (src/static/serve); the server knows
// only this shape, and hands the native server the answers it may give alone.
import type { ServerRequest, ServerResponse } from './contract';
import { ServerConfigError } from './errors';

/** One representation the native server may send whole, without calling JS. */
export interface NativeStaticRepresentation {
  etag: string;
  /** Header pairs of the 200 answer (no Date, Content-Length or Connection: the server adds those). */
  headers: Array<[string, string]>;
  /** Header pairs of the 304 answer. */
  notModifiedHeaders: Array<[string, string]>;
  body: Buffer;
}

export interface NativeStaticEntry {
  /** The exact request path (as sent, percent-encoded) this entry answers. */
  path: string;
  identity: NativeStaticRepresentation;
  br?: NativeStaticRepresentation;
  gzip?: NativeStaticRepresentation;
}

export interface StaticMount {
  /** The URL path prefix ('/static/'); every path under it is the mount's. */
  readonly prefix: string;
  /** Answers a request whose path is under the prefix (a miss is a 404 from here). */
  serve(request: ServerRequest, response: ServerResponse): void | Promise<void>;
  /**
   * What the native server may answer by itself: full GET/HEAD answers and 304
   * for an exact If-None-Match. Anything else (ranges, other paths, odd
   * headers) still comes to serve().
   */
  nativeEntries?(): NativeStaticEntry[];
}

const BAD_VALUE = /[\r\n\0]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headerBlock(pairs: Array<[string, string]>): string {
  let out = '';
  for (const [name, value] of pairs) {
    if (!TOKEN.test(name) || BAD_VALUE.test(value) || /^(content-length|connection|date|transfer-encoding)$/i.test(name)) {
      throw new ServerConfigError(`static header ${JSON.stringify(name)} cannot be sent natively`);
    }
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

/**
 * The flat list NativeServer.setStatic() takes, checked here so nothing
 * unvalidated crosses: per entry [path, then for identity, br, gzip: etag,
 * 200 header block, 304 header block, body] (undefined for a missing coding).
 */
export function nativeStaticTable(entries: readonly NativeStaticEntry[]): unknown[] {
  const out: unknown[] = [];
  for (const entry of entries) {
    // Visible ASCII only: the native side compares the raw request path byte for byte.
    if (!/^\/[\x21-\x7e]*$/.test(entry.path) || entry.path.includes('?')) throw new ServerConfigError(`static path ${JSON.stringify(entry.path)} cannot be served natively`);
    out.push(entry.path);
    for (const rep of [entry.identity, entry.br, entry.gzip]) {
      if (!rep) {
        out.push(undefined, undefined, undefined, undefined);
        continue;
      }
      if (!/^"[\x21\x23-\x7e]*"$/.test(rep.etag) || !Buffer.isBuffer(rep.body)) throw new ServerConfigError(`static entry ${entry.path} has an invalid ETag or body`);
      out.push(rep.etag, headerBlock(rep.headers), headerBlock(rep.notModifiedHeaders), rep.body);
    }
  }
  return out;
}

/** Whether a raw request path is under the mount. */
export function underMount(mount: StaticMount | undefined, rawPath: string): mount is StaticMount {
  return mount !== undefined && rawPath.startsWith(mount.prefix);
}
