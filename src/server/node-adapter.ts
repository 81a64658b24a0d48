// The node:http adapter: the same contract on Node's own HTTP server, as the
// fallback when the addon is missing and as the reference the conformance suite
// compares the native server with. Where llhttp is more lenient than the native
// parser (duplicate Host, header count, transfer codings) this file adds the check,
// and refusals are written as the same bytes the native server sends.
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { ServerRequest, ServerResponse } from './contract';
import { listenFailed, ServerConfigError } from './errors';
import type { ServerLimits } from './limits';
import { RequestBodyStream } from './request-body';
import type { RouteTable } from './router';
import { type CreateServerOptions, type HyperServer, type ListenOptions, checkListenOptions, runHandler } from './server-options';
import { errorResponse } from './status';

const EMPTY = Buffer.alloc(0);
const LINGER_MS = 2000;

/** The net.Socket internals the send watch reads (see watchSend). */
interface SendWatched {
  hyperSendWatch?: NodeJS.Timeout;
  _bytesDispatched?: number;
  _handle?: { writeQueueSize?: number } | null;
}

class NodeRequest extends ServerRequest {
  constructor(
    private readonly req: http.IncomingMessage,
    body: Buffer | null,
  ) {
    super(body);
  }
  get method(): string {
    return this.req.method ?? '';
  }
  get target(): string {
    return this.req.url ?? '';
  }
  get httpVersion(): string {
    return this.req.httpVersion;
  }
  get rawHeaders(): readonly string[] {
    return this.req.rawHeaders;
  }
  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }
  attachStream(stream: RequestBodyStream): void {
    this.bodyStream = stream;
  }
}

class NodeResponse extends ServerResponse {
  closeAfter = false;

  constructor(
    private readonly res: http.ServerResponse,
    private readonly server: NodeHttpServer,
    private readonly head: boolean,
  ) {
    super();
    res.on('close', () => {
      if (!this.finished || !res.writableFinished) this.abortNow();
    });
    res.on('drain', () => this.drained());
  }
  protected isHead(): boolean {
    return this.head;
  }
  private framing(headers: string[]): void {
    if (this.closeAfter || this.server.closing) headers.push('Connection', 'close');
  }
  protected sendNow(status: number, headers: string[], body: string | Buffer | undefined): void {
    if (this.aborted) return;
    if (status !== 204 && status !== 304) {
      const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      headers.push('Content-Length', String(length));
    }
    this.framing(headers);
    this.res.writeHead(status, headers);
    this.res.end(body);
    this.server.watchSend(this.res.socket);
  }
  protected startNow(status: number, headers: string[], contentLength: number): void {
    if (this.aborted) return;
    if (contentLength >= 0 && status !== 204 && status !== 304) headers.push('Content-Length', String(contentLength));
    this.framing(headers);
    this.res.writeHead(status, headers);
  }
  protected writeNow(chunk: string | Buffer): boolean {
    const ok = this.res.write(chunk);
    this.server.watchSend(this.res.socket);
    return ok;
  }
  protected endNow(): void {
    this.res.end();
    this.server.watchSend(this.res.socket);
  }
}

/** Transfer-Encoding as the native parser judges it: 0 ok (chunked last), else a status. */
function checkTransferEncoding(values: string[]): number {
  let chunked = false;
  for (const value of values) {
    for (const raw of value.split(',')) {
      const coding = raw.trim().toLowerCase();
      if (!coding || chunked) return 400;
      if (coding === 'chunked') chunked = true;
      else return /^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(coding) ? 501 : 400;
    }
  }
  return chunked ? 0 : 400;
}

/** llhttp reports a bare LF after the version as a bad version; only a real one is 505. */
function versionStatus(error: Error): number {
  const packet = (error as { rawPacket?: Buffer }).rawPacket?.toString('latin1') ?? '';
  return /^[^\r\n]* HTTP\/\d\.\d\r\n/.test(packet) ? 505 : 400;
}

const KNOWN_METHODS = new Set(http.METHODS);
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)\r\n/;

/**
 * What the native parser answers to the request line at `line`: llhttp stops at
 * a method it does not know (or an RTSP one) before reading the rest, so the line
 * is judged here as the native parser judges it — 400 for bad grammar or target
 * form, 505 for the version, 501 for a method nobody here implements.
 */
function requestLineStatus(line: string): number {
  const m = REQUEST_LINE.exec(line);
  if (!m) return 400;
  const target = m[2];
  if ((target[0] !== '/' && target !== '*') || target.includes('#')) return 400;
  if (m[3] !== '1' || (m[4] !== '0' && m[4] !== '1')) return 505;
  if (m[1] === 'CONNECT') return 400;
  return KNOWN_METHODS.has(m[1]) ? 400 : 501;
}

/** The status for a method llhttp refused, from the line it was parsing. */
function methodErrorStatus(error: Error): number {
  const packet = (error as { rawPacket?: Buffer }).rawPacket?.toString('latin1') ?? '';
  const at = Math.min((error as { bytesParsed?: number }).bytesParsed ?? 0, packet.length);
  return requestLineStatus(packet.slice(at > 0 ? packet.lastIndexOf('\n', at - 1) + 1 : 0));
}

/**
 * The raw bytes of a connection, kept only as far back as a head can reach, so
 * each request line can be compared with what llhttp made of it: llhttp skips
 * extra spaces around the target, the native parser (RFC 9112 §3) does not. The
 * search for `method SP target SP version CRLF` starts after the previous request
 * line, so it can only find the real line or an earlier copy of it (extra spaces
 * can never contain that string): a request whose line was strict always passes.
 */
class RequestLineWindow {
  private chunks: Buffer[] = [];
  private size = 0;
  private base = 0; // stream offset of chunks[0]
  private cursor = 0; // stream offset after the last request line found

  constructor(private readonly keep: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.keep) {
      this.size -= this.chunks[0].length;
      this.base += this.chunks.shift()!.length;
    }
  }

  strict(req: http.IncomingMessage): boolean {
    const text = (this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks)).toString('latin1');
    const line = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
    // Not anchored to a line start: a body may end right before the next request.
    const at = text.indexOf(line, Math.max(0, this.cursor - this.base));
    if (at < 0) return false;
    this.cursor = this.base + at + line.length;
    return true;
  }
}

export class NodeHttpServer implements HyperServer {
  readonly adapter = 'node' as const;
  closing = false;
  private readonly server: http.Server;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly table: RouteTable,
    private readonly limits: ServerLimits,
    private readonly options: CreateServerOptions,
  ) {
    const smallest = Math.min(limits.headersTimeout, limits.bodyTimeout, limits.keepAliveTimeout, 4000);
    this.server = http.createServer({
      maxHeaderSize: limits.maxHeadBytes,
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.headersTimeout + limits.bodyTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(smallest / 4))),
      requireHostHeader: false, // checked below, so the refusal has the canonical bytes
      noDelay: true,
    });
    // One more than allowed, so an excess is seen rather than silently cut.
    this.server.maxHeadersCount = limits.maxHeaders + 1;
    // Reading the bytes in JS (a 'data' listener takes the socket back from the
    // parser's native stream) is what lets the request line be checked.
    const keep = limits.maxHeadBytes + 2048;
    this.server.on('connection', (socket: Socket & { hyperLine?: RequestLineWindow }) => {
      const window = (socket.hyperLine = new RequestLineWindow(keep));
      socket.prependListener('data', (chunk: Buffer) => window.push(chunk));
    });
    this.server.on('request', (req, res) => this.gate(req, res, false));
    this.server.on('checkContinue', (req, res) => this.gate(req, res, true));
    this.server.on('checkExpectation', (req, res) => this.gate(req, res, false));
    // Not a proxy: no tunnels (the native parser refuses CONNECT the same way).
    this.server.on('connect', (_req: http.IncomingMessage, socket: Socket) => this.refuse(socket, 400));
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      const code = error.code ?? '';
      const status =
        code === 'HPE_HEADER_OVERFLOW' ? 431 :
        code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 :
        code === 'HPE_INVALID_VERSION' ? versionStatus(error) :
        code === 'HPE_INVALID_METHOD' || code === 'HPE_INVALID_CONSTANT' ? methodErrorStatus(error) :
        code.startsWith('HPE_') ? 400 : 0;
      if (status && socket.writable && !(socket as { hyperRefused?: boolean }).hyperRefused) this.refuse(socket, status);
      else socket.destroy();
    });
  }

  /**
   * Drops a connection whose client has taken no byte of a queued response for
   * sendTimeout, as the native server does (node:http's timers wait for writes).
   * Progress is bytes that left: those handed to the socket's handle minus those
   * still in libuv's queue (internal fields; without them nothing is dropped).
   */
  watchSend(socket: Socket | null): void {
    const s = socket as (Socket & SendWatched) | null;
    if (!s || s.destroyed || s.hyperSendWatch || s.writableLength === 0) return;
    const sent = () => (s._bytesDispatched ?? 0) - (s._handle?.writeQueueSize ?? 0);
    let mark = sent();
    let since = Date.now();
    const stop = () => {
      clearInterval(s.hyperSendWatch);
      s.hyperSendWatch = undefined;
    };
    const every = Math.max(10, Math.min(1000, Math.floor(this.limits.sendTimeout / 4)));
    s.hyperSendWatch = setInterval(() => {
      if (s.destroyed || s.writableLength === 0) return stop();
      const now = sent();
      if (now !== mark || s._handle?.writeQueueSize === undefined) {
        mark = now;
        since = Date.now();
      } else if (Date.now() - since >= this.limits.sendTimeout) {
        stop();
        s.destroy();
      }
    }, every);
    s.hyperSendWatch.unref();
  }

  /** Answers with the canonical refusal and closes, lingering so the client reads it. */
  private refuse(socket: Socket, status: number): void {
    (socket as { hyperRefused?: boolean }).hyperRefused = true;
    socket.end(errorResponse(status));
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }

  /**
   * One request per connection at a time, as the native server does: node:http
   * would run every pipelined request at once and hold all their responses in
   * memory, however slowly the client reads. The next one starts when the
   * previous response has been handed to the kernel (or the connection is gone).
   */
  private gate(req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean): void {
    const socket = req.socket as Socket & { hyperQueue?: Array<() => void>; hyperBusy?: boolean; hyperLine?: RequestLineWindow };
    // Checked now, while the bytes of this head are still the newest ones read.
    const strict = socket.hyperLine?.strict(req) ?? true;
    if (!strict) return this.queue(socket, () => this.refuse(socket, 400));
    const run = () => {
      socket.hyperBusy = true;
      const next = () => {
        res.off('finish', next);
        res.off('close', next);
        socket.hyperBusy = false;
        const queued = socket.hyperQueue?.shift();
        if (queued) queued();
      };
      res.on('finish', next);
      res.on('close', next);
      this.onRequest(req, res, expectContinue);
    };
    this.queue(socket, run);
  }

  private queue(socket: Socket & { hyperQueue?: Array<() => void>; hyperBusy?: boolean }, run: () => void): void {
    if (socket.hyperBusy) (socket.hyperQueue ??= []).push(run);
    else run();
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean): void {
    const limits = this.limits;
    const raw = req.rawHeaders;
    const socket = req.socket;
    if (raw.length / 2 > limits.maxHeaders) return this.refuse(socket, 431);
    let hosts = 0;
    const te: string[] = [];
    const expect: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (name === 'host') hosts++;
      else if (name === 'transfer-encoding') te.push(raw[i + 1]);
      else if (name === 'expect') expect.push(raw[i + 1]);
    }
    if (req.httpVersionMajor !== 1 || req.httpVersionMinor > 1) return this.refuse(socket, 505);
    // Origin-form or '*' only, as the native parser: no absolute-form, no fragment.
    const url = req.url ?? '';
    if ((url[0] !== '/' && url !== '*') || url.includes('#')) return this.refuse(socket, 400);
    if (hosts > 1 || (hosts === 0 && req.httpVersionMinor === 1)) return this.refuse(socket, 400);
    if (te.length) {
      const st = req.httpVersion === '1.0' ? 400 : checkTransferEncoding(te);
      if (st) return this.refuse(socket, st);
    }
    // 100-continue, once, is the only expectation (RFC 9110 §10.1.1); HTTP/1.0 ignores Expect.
    if (expect.length && req.httpVersionMinor === 1 && (expect.length > 1 || expect[0].trim().toLowerCase() !== '100-continue')) return this.refuse(socket, 417);
    const chunked = te.length > 0;
    const length = chunked ? 0 : Number(req.headers['content-length'] ?? 0);
    if (length > limits.maxBodySize) return this.refuse(socket, 413);
    if (expectContinue && (chunked || length > 0)) res.writeContinue();

    const response = new NodeResponse(res, this, req.method === 'HEAD');
    const dispatch = (body: Buffer | null, stream?: RequestBodyStream) => {
      const request = new NodeRequest(req, body);
      if (stream) request.attachStream(stream);
      const match = this.table.match(request.method, request.path);
      runHandler(this.options.handler, request, response, match, this.options.onError ?? ((e) => console.error(e)));
      return request;
    };
    if (!chunked && length === 0) {
      dispatch(EMPTY);
      return;
    }
    let stream: RequestBodyStream | undefined;
    let parts: Buffer[] = [];
    let size = 0;
    let failed = false;
    const startStream = () => {
      stream = new RequestBodyStream((paused) => (paused ? req.pause() : req.resume()));
      dispatch(null, stream);
      for (const p of parts) stream.feed(p);
      parts = [];
    };
    if (!chunked && length > limits.bodyThreshold) startStream();
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limits.maxBodySize) {
        failed = true;
        if (!stream) return this.refuse(socket, 413);
        response.closeAfter = true;
        stream.fail(413);
        return;
      }
      if (stream) return stream.feed(chunk);
      parts.push(chunk);
      if (size > limits.bodyThreshold) startStream();
    });
    req.on('end', () => {
      if (failed) return;
      if (stream) stream.finish();
      else dispatch(parts.length === 1 ? parts[0] : Buffer.concat(parts));
    });
    req.on('close', () => {
      if (!req.complete && !failed) {
        failed = true;
        stream?.fail(0);
      }
    });
  }

  listen(options: ListenOptions): Promise<{ host: string; port: number }> {
    const { host, port, reusePort, backlog, fd } = checkListenOptions(options);
    if (reusePort) return Promise.reject(new ServerConfigError('listen({ reusePort: true }) needs the native adapter: build it (npm run build:native), or share the port through a WorkerPool.', { code: 'HYPER_SERVER_REUSE_PORT_NEEDS_NATIVE' }));
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(listenFailed(host, port, error.message));
      this.server.once('error', onError);
      this.server.listen(fd === undefined ? { host, port, backlog } : { fd, backlog }, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        resolve({ host, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }

  close(options: { deadline?: number } = {}): Promise<void> {
    if (this.closed) return this.closed;
    this.closing = true;
    const deadline = options.deadline ?? 10_000;
    this.closed = new Promise((resolve) => {
      const timer = setTimeout(() => this.server.closeAllConnections(), Math.max(0, deadline));
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    return this.closed;
  }
}
