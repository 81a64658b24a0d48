// FileResponse: a file streamed from disk with Content-Length, ETag and
// Last-Modified; answers conditional requests with 304 and single byte ranges
// with 206 (416 when unsatisfiable). prepare() runs before the head is written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Http404 } from './errors';
import { BaseResponse, type ResponseInit } from './response';
import type { Request } from './request';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif',
  '.ico': 'image/x-icon', '.pdf': 'application/pdf', '.zip': 'application/zip', '.gz': 'application/gzip',
  '.wasm': 'application/wasm', '.woff': 'font/woff', '.woff2': 'font/woff2', '.mp4': 'video/mp4', '.webm': 'video/webm',
  '.mp3': 'audio/mpeg', '.csv': 'text/csv; charset=utf-8', '.map': 'application/json', '.md': 'text/markdown; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface FileResponseInit extends ResponseInit {
  asAttachment?: boolean;
  filename?: string;
  /**
   * The inclusive byte range to send, when the caller has already answered the
   * conditional and range headers itself (static files): prepare() then only
   * checks the file and sets no validators.
   */
  range?: { start: number; end: number };
}

export class FileResponse extends BaseResponse {
  readonly streaming = true;
  /** Byte range to send, inclusive; set by prepare(). */
  start = 0;
  end = -1;
  /** False when the answer has no body (304, 416, HEAD is handled by the server). */
  sendBody = true;

  private readonly decided: FileResponseInit['range'];

  constructor(
    readonly file: string,
    init: FileResponseInit = {},
  ) {
    super(init, '');
    this.decided = init.range;
    if (!init.contentType && !this.headers.has('content-type')) this.headers.set('content-type', contentTypeFor(file));
    const name = init.filename ?? path.basename(file);
    if (init.asAttachment || init.filename) {
      const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      const kind = init.asAttachment ? 'attachment' : 'inline';
      this.headers.set('content-disposition', `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    }
    this.headers.set('accept-ranges', 'bytes');
  }

  async prepare(request: Request | null): Promise<void> {
    const stat = await fs.promises.stat(this.file);
    if (!stat.isFile()) throw new Http404(`${this.file} is not a regular file: FileResponse serves files, not folders or devices.`, { code: 'HYPER_FILE_RESPONSE_NOT_A_FILE' });
    if (this.decided) {
      const { start, end } = this.decided;
      if (start < 0 || end < start - 1 || end >= stat.size) throw new Http404(`${this.file} changed size while being served: the range asked for is no longer in it.`, { code: 'HYPER_FILE_RESPONSE_CHANGED' });
      [this.start, this.end] = [start, end];
      return;
    }
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const modified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000);
    if (!this.headers.has('etag')) this.headers.set('etag', etag);
    if (!this.headers.has('last-modified')) this.headers.set('last-modified', modified.toUTCString());
    this.start = 0;
    this.end = stat.size - 1;
    if (!request || this.status !== 200) return;
    const h = request.headers;
    const inm = h.get('if-none-match');
    const ims = h.get('if-modified-since');
    if (inm ? etagMatches(inm, this.headers.get('etag')!) : ims !== undefined && Date.parse(ims) >= modified.getTime()) {
      this.status = 304;
      this.sendBody = false;
      return;
    }
    const range = h.get('range');
    if (!range || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const ifRange = h.get('if-range');
    if (ifRange && ifRange !== this.headers.get('etag') && ifRange !== modified.toUTCString()) return;
    const parsed = parseRange(range, stat.size);
    if (parsed === 'ignore') return;
    if (parsed === 'unsatisfiable') {
      this.status = 416;
      this.headers.set('content-range', `bytes */${stat.size}`);
      this.sendBody = false;
      return;
    }
    this.status = 206;
    [this.start, this.end] = parsed;
    this.headers.set('content-range', `bytes ${this.start}-${this.end}/${stat.size}`);
  }

  get length(): number {
    return this.sendBody ? this.end - this.start + 1 : 0;
  }
}

export function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const target = strip(etag);
  return header.split(',').some((t) => strip(t) === target);
}

/** One range of bytes=a-b, a-, -n; several ranges are served as the whole file. */
export function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | 'ignore' {
  const m = /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header);
  if (!m) return 'ignore';
  if (m[1] === '' && m[2] === '') return 'ignore';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return 'ignore';
  }
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
