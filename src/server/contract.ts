// The contract both adapters implement: one handler call per request with the
// route already resolved, a lazily read request, and a response written in one
// go (or streamed, or from a file). The conformance suite holds both to it.
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { ResponseError } from './errors';
import { type HeaderInput, CheckedHeaderLines, checkStatus, flattenHeaders, headersRecord } from './headers';
import { RequestBodyStream, bufferStream } from './request-body';
import type { RouteMatch } from './router';

export type RequestHandler = (request: ServerRequest, response: ServerResponse, match: RouteMatch) => void | Promise<void>;

export abstract class ServerRequest {
  /** The whole body when it was small enough (empty when there is none); null when it streams. */
  readonly body: Buffer | null;
  protected bodyStream: RequestBodyStream | null = null;
  private cachedHeaders: Record<string, string> | undefined;
  aborted = false;

  constructor(body: Buffer | null) {
    this.body = body;
  }

  abstract get method(): string;
  /** The raw request-target ('/path?query'). */
  abstract get target(): string;
  abstract get httpVersion(): string;
  /** Header names and values as received, alternating. */
  abstract get rawHeaders(): readonly string[];
  abstract get remoteAddress(): string | undefined;

  /** The raw (percent-encoded) path. */
  get path(): string {
    const t = this.target;
    const q = t.indexOf('?');
    return q < 0 ? t : t.slice(0, q);
  }

  /** The raw query string, without '?'. */
  get query(): string {
    const t = this.target;
    const q = t.indexOf('?');
    return q < 0 ? '' : t.slice(q + 1);
  }

  get headers(): Readonly<Record<string, string>> {
    this.cachedHeaders ??= headersRecord(this.rawHeaders);
    return this.cachedHeaders;
  }

  /** One header by its lower-case name, as in `headers` (an adapter may find it without building them). */
  header(lowerName: string): string | undefined {
    return this.headers[lowerName];
  }

  /** The body as a stream, whether it was buffered or streams. */
  stream(): Readable {
    if (this.body) return bufferStream(this.body);
    if (!this.bodyStream) throw new ResponseError('the request body stream was already taken');
    return this.bodyStream;
  }

  /** The whole body; for a streamed one, read up to `limit` bytes. */
  async readBody(limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    if (this.body) return this.body;
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.stream()) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new ResponseError(`request body larger than ${limit} bytes`);
      parts.push(chunk as Buffer);
    }
    return Buffer.concat(parts);
  }
}

export interface ResponseStream {
  /** Writes a chunk; false means wait for drain() before writing more. */
  write(chunk: string | Buffer): boolean;
  end(): void;
  drain(): Promise<void>;
  readonly aborted: boolean;
}

export abstract class ServerResponse {
  headersSent = false;
  finished = false;
  aborted = false;
  private drainWaiters: Array<() => void> | undefined;

  /** Whether the request was HEAD (the server then drops body bytes itself). */
  protected abstract isHead(): boolean;

  protected abstract sendNow(status: number, headers: string[], body: string | Buffer | undefined): void;

  /** send() of lines checked already; an adapter that writes a header block takes `lines.block` instead. */
  protected sendLines(status: number, lines: CheckedHeaderLines, body: string | Buffer | undefined): void {
    this.sendNow(status, lines.flat, body);
  }
  protected abstract startNow(status: number, headers: string[], contentLength: number): void;
  protected abstract writeNow(chunk: string | Buffer): boolean;
  protected abstract endNow(): void;

  /** The whole response in one write. */
  send(status: number, headers?: HeaderInput, body?: string | Buffer): void {
    this.claim();
    if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new ResponseError('a response body must be a string or a Buffer');
    }
    if (headers instanceof CheckedHeaderLines) this.sendLines(checkStatus(status), headers, body);
    else this.sendNow(checkStatus(status), flattenHeaders(headers), body);
    this.finished = true;
  }

  /** Starts a streamed response: chunked, or with the given Content-Length. */
  start(status: number, headers?: HeaderInput, contentLength?: number): ResponseStream {
    this.claim();
    if (contentLength !== undefined && (!Number.isSafeInteger(contentLength) || contentLength < 0)) {
      throw new ResponseError(`invalid content length ${String(contentLength)}`);
    }
    this.startNow(checkStatus(status), flattenHeaders(headers), contentLength ?? -1);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the stream's methods below have their own this
    const self = this;
    return {
      write(chunk) {
        if (self.finished) throw new ResponseError('write after end');
        if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) throw new ResponseError('chunks must be strings or Buffers');
        if (self.aborted) return false;
        return self.writeNow(chunk);
      },
      end() {
        if (self.finished) return;
        self.finished = true;
        if (!self.aborted) self.endNow();
      },
      drain: () => this.waitDrain(),
      get aborted() {
        return self.aborted;
      },
    };
  }

  /**
   * Sends a file (or the inclusive byte range `range` of it) with its length,
   * without reading it whole into memory (HEAD: no reads).
   */
  async sendFile(status: number, headers: HeaderInput | undefined, file: string, range?: { start: number; end: number }): Promise<void> {
    checkStatus(status);
    const flat = flattenHeaders(headers);
    const handle = await fs.promises.open(file, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new ResponseError(`${file} is not a regular file`);
      const start = range?.start ?? 0;
      const end = range?.end ?? stat.size - 1;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start - 1 || end >= stat.size) {
        throw new ResponseError(`range ${start}-${end} is outside ${file} (${stat.size} bytes)`);
      }
      this.claim();
      await this.sendFileNow(status, flat, handle, start, end - start + 1);
      this.finished = true;
    } finally {
      await handle.close();
    }
  }

  /** Streams the file through writes; the native adapter hands it to sendfile(2) instead. */
  protected async sendFileNow(status: number, headers: string[], handle: fs.promises.FileHandle, offset: number, length: number): Promise<void> {
    this.startNow(status, headers, length);
    let position = offset;
    const stop = offset + length;
    while (!this.isHead() && position < stop && !this.aborted) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, stop - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      if (!this.writeNow(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead))) await this.waitDrain();
    }
    if (!this.aborted) this.endNow();
  }

  protected drained(): void {
    const waiters = this.drainWaiters;
    if (!waiters) return;
    this.drainWaiters = undefined;
    for (const w of waiters) w();
  }

  protected abortNow(): void {
    this.aborted = true;
    this.drained();
  }

  private waitDrain(): Promise<void> {
    if (this.aborted || this.finished) return Promise.resolve();
    return new Promise((resolve) => (this.drainWaiters ??= []).push(resolve));
  }

  private claim(): void {
    if (this.headersSent) throw new ResponseError('the response was already sent');
    this.headersSent = true;
  }
}
