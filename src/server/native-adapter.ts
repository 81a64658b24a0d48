// The native adapter: NativeServer from the addon does accept, parse, limits,
// routing and writes; this file turns its callbacks into the contract.
import { closeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { NativeAddon, NativeCallbacks, NativeServerHandle } from './binding';
import { ServerRequest, ServerResponse } from './contract';
import { listenFailed, ServerConfigError } from './errors';
import { type CheckedHeaderLines, joinRepeated } from './headers';
import type { ServerLimits } from './limits';
import { RequestBodyStream } from './request-body';
import { type RouteMatch, type RouteTable, methodOfBit } from './router';
import { type CreateServerOptions, type HyperServer, type ListenOptions, checkListenOptions, runHandler } from './server-options';
import { nativeStaticTable } from './static-mount';

const EMPTY = Buffer.alloc(0);

/**
 * For tests only: HYPER_TEST_SNDBUF sets SO_SNDBUF (bytes) on accepted sockets,
 * so a slow reader fills the server's queue after a few KiB rather than after the
 * kernel's autotuned megabytes, and timing tests do not depend on the machine.
 */
function testSendBuffer(): number {
  const raw = process.env.HYPER_TEST_SNDBUF;
  if (!raw) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || n > 64 * 1024 * 1024) {
    throw new ServerConfigError(`HYPER_TEST_SNDBUF must be a byte count from 1024 to 67108864, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * The flattened (already validated) headers as the block the addon copies into
 * the response head: one string read across N-API instead of two per header.
 */
function headerBlock(flat: readonly string[]): string {
  let block = '';
  for (let i = 0; i + 1 < flat.length; i += 2) block += `${flat[i]}: ${flat[i + 1]}\r\n`;
  return block;
}

class NativeRequest extends ServerRequest {
  private raw: string[] | undefined;
  private index: string | undefined;
  private cachedMethod: string | undefined;
  private cachedVersion: string | undefined;

  constructor(
    private readonly server: NativeServerHandle,
    private readonly id: number,
    body: Buffer | null,
    methodBit: number,
    private readonly rawTarget: string,
    private readonly host: string | undefined,
    private readonly cookie: string | undefined,
  ) {
    super(body);
    this.cachedMethod = methodOfBit(methodBit);
    if (body === null) this.bodyStream = new RequestBodyStream((paused) => server.pause(id, paused));
  }

  get method(): string {
    return (this.cachedMethod ??= this.server.method(this.id) ?? '');
  }
  get target(): string {
    return this.rawTarget;
  }
  get httpVersion(): string {
    return (this.cachedVersion ??= this.server.version(this.id) ?? '1.1');
  }
  get rawHeaders(): readonly string[] {
    if (this.raw === undefined) {
      const joined = this.server.headers(this.id);
      this.raw = joined ? joined.split('\0') : [];
    }
    return this.raw;
  }
  get remoteAddress(): string | undefined {
    return this.server.remote(this.id)?.[0];
  }
  /**
   * One header by its lower-case name, found in the native index string, so a
   * request whose code reads three headers does not build a record of twenty.
   * Repeats are joined as `headers` joins them (joinRepeated). Like the other lazy
   * reads, it works until the handler's call returns or, when the handler answers
   * later, from what snapshot() kept.
   */
  override header(lowerName: string): string | undefined {
    // The two the framework reads on every request came with the call.
    if (lowerName === 'host') return this.host;
    if (lowerName === 'cookie') return this.cookie;
    const index = this.headerIndex();
    const key = `\n${lowerName}\0`;
    let at = index.indexOf(key);
    let value: string | undefined;
    while (at >= 0) {
      const start = at + key.length;
      const lf = index.indexOf('\n', start);
      const end = lf < 0 ? index.length : lf;
      value = joinRepeated(lowerName, value, index.slice(start, end));
      at = lf < 0 ? -1 : index.indexOf(key, end);
    }
    return value;
  }
  private headerIndex(): string {
    return (this.index ??= this.server.headerIndex(this.id) ?? '');
  }
  /**
   * Called when the handler returns without having answered: keeps what JS may
   * read after a later answer, when the native head is gone (until the handler's
   * call returns, the head outlives the answer).
   */
  snapshot(): void {
    void this.method;
    void this.httpVersion;
    void this.rawHeaders;
    this.headerIndex();
  }
  feed(chunk: Buffer | null | number): void {
    const s = this.bodyStream;
    if (typeof chunk === 'number') {
      this.aborted = chunk === 0;
      s?.fail(chunk);
    } else if (chunk === null) s?.finish();
    else s?.feed(chunk);
  }
}

type LiveMap = Map<number, { req: NativeRequest; res: NativeResponse }>;

class NativeResponse extends ServerResponse {
  /** Set once the request outlives the handler call and sits in the live map. */
  live: LiveMap | undefined;

  constructor(
    private readonly server: NativeServerHandle,
    private readonly id: number,
    private readonly req: NativeRequest,
  ) {
    super();
  }
  protected isHead(): boolean {
    return this.req.method === 'HEAD';
  }
  protected sendNow(status: number, headers: string[], body: string | Buffer | undefined): void {
    this.live?.delete(this.id);
    this.server.respond(this.id, status, headerBlock(headers), body);
  }
  protected override sendLines(status: number, lines: CheckedHeaderLines, body: string | Buffer | undefined): void {
    this.live?.delete(this.id);
    this.server.respond(this.id, status, lines.block, body);
  }
  protected startNow(status: number, headers: string[], contentLength: number): void {
    this.server.start(this.id, status, headerBlock(headers), contentLength);
  }
  protected writeNow(chunk: string | Buffer): boolean {
    const r = this.server.write(this.id, chunk);
    if (r < 0) this.abort();
    return r === 1;
  }
  protected endNow(): void {
    this.live?.delete(this.id);
    this.server.end(this.id);
  }
  protected override async sendFileNow(status: number, headers: string[], handle: FileHandle, offset: number, length: number): Promise<void> {
    this.live?.delete(this.id);
    // The addon duplicates the descriptor; the caller closes this one right after.
    if (!this.server.sendFile(this.id, status, headerBlock(headers), handle.fd, offset, length)) this.abort();
  }
  abort(): void {
    this.abortNow();
  }
  drain(): void {
    this.drained();
  }
}

export class NativeHttpServer implements HyperServer {
  readonly adapter = 'native' as const;
  private readonly handle: NativeServerHandle;
  private readonly live: LiveMap = new Map();
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  constructor(addon: NativeAddon, table: RouteTable, limits: ServerLimits, options: CreateServerOptions) {
    const handler = options.handler;
    const onError = options.onError ?? ((error: unknown) => console.error(error));
    const nativeRouter = table.toNative(addon);
    const live = this.live;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the addon calls these methods with their own this
    const self = this;
    const callbacks: NativeCallbacks = {
      onRequest(id, kind, routeOrAllow, params, body, methodBit, target, host, cookie) {
        const handle = self.handle;
        const req = new NativeRequest(handle, id, body === undefined ? EMPTY : body, methodBit, target, host, cookie);
        const res = new NativeResponse(handle, id, req);
        let match: RouteMatch;
        if (kind === 0) match = { kind: 'found', routeId: routeOrAllow as number, params: table.params(routeOrAllow as number, params) };
        else if (kind === 1) match = { kind: 'not-found' };
        else if (kind === 2) match = { kind: 'method-not-allowed', allow: routeOrAllow as string };
        else match = table.match(req.method, req.path);
        runHandler(handler, req, res, match, onError);
        if (!res.finished && !res.aborted) {
          req.snapshot();
          res.live = live;
          live.set(id, { req, res });
        }
      },
      onBody(id, chunk) {
        const entry = live.get(id);
        if (!entry) return;
        entry.req.feed(chunk);
        if (chunk === 0) {
          entry.res.abort();
          live.delete(id);
        }
      },
      onDrain(id) {
        live.get(id)?.res.drain();
      },
      onClose() {
        self.resolveClosed?.();
      },
    };
    this.handle = new addon.NativeServer(nativeRouter, { ...limits, sendBufferSize: testSendBuffer() }, callbacks);
    const mount = options.staticMount;
    if (mount?.nativeEntries && this.handle.setStatic) {
      this.handle.setStatic(mount.prefix, nativeStaticTable(mount.nativeEntries()));
    }
  }

  listen(options: ListenOptions): Promise<{ host: string; port: number }> {
    const { host, port, reusePort, backlog, fd } = checkListenOptions(options);
    const result = fd === undefined ? this.handle.listen(host, port, reusePort, backlog) : this.handle.listenFd(fd, backlog);
    if (typeof result === 'string') return Promise.reject(listenFailed(host, port, result));
    // The server listens on its own duplicate; the inherited descriptor is taken
    // over, as node:http does, so close() really closes this process's last copy
    // and the port refuses new connections once every holder has closed it.
    if (fd !== undefined) closeSync(fd);
    return Promise.resolve({ host, port: result });
  }

  close(options: { deadline?: number } = {}): Promise<void> {
    if (this.closed) return this.closed;
    const deadline = options.deadline ?? 10_000;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    if (!this.handle.close(Math.max(0, deadline))) this.resolveClosed?.();
    return this.closed;
  }
}
