// Raw-socket helpers for the conformance suite: bytes in, bytes out, and a small
// response parser that splits pipelined responses.
import * as net from 'node:net';

export interface ParsedResponse {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Buffer;
  raw: string;
}

export class RawClient {
  readonly socket: net.Socket;
  private store = Buffer.alloc(64 * 1024);
  private size = 0;
  private get data(): Buffer {
    return this.store.subarray(0, this.size);
  }
  private set data(rest: Buffer) {
    // Only ever a tail of the current data: move it to the front.
    rest.copy(this.store, 0);
    this.size = rest.length;
  }
  private waiters: Array<() => void> = [];
  ended = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      if (this.size + chunk.length > this.store.length) {
        const grown = Buffer.alloc(Math.max(this.store.length * 2, this.size + chunk.length));
        this.store.copy(grown, 0, 0, this.size);
        this.store = grown;
      }
      chunk.copy(this.store, this.size);
      this.size += chunk.length;
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async until(check: () => boolean): Promise<void> {
    while (!check()) {
      if (this.ended) return;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Everything until the server closes the connection. */
  async readAll(): Promise<string> {
    await this.until(() => false);
    return this.data.toString('latin1');
  }

  async readText(text: string): Promise<string> {
    await this.until(() => this.data.includes(text));
    const i = this.data.indexOf(text);
    if (i < 0) throw new Error(`connection ended before ${JSON.stringify(text)}; got ${JSON.stringify(this.data.toString('latin1'))}`);
    const out = this.data.subarray(0, i + text.length).toString('latin1');
    this.data = this.data.subarray(i + text.length);
    return out;
  }

  /** One complete response (Content-Length, chunked, or until close). */
  async readResponse(opts: { head?: boolean } = {}): Promise<ParsedResponse> {
    let parsed: { res: ParsedResponse; used: number } | null = null;
    await this.until(() => (parsed = parseResponse(this.data, opts.head ?? false, false)) !== null);
    parsed ??= parseResponse(this.data, opts.head ?? false, true);
    if (!parsed) throw new Error(`incomplete response: ${JSON.stringify(this.data.toString('latin1').slice(0, 300))}`);
    const done = parsed as { res: ParsedResponse; used: number };
    this.data = this.data.subarray(done.used);
    return done.res;
  }

  async closed(): Promise<boolean> {
    await this.until(() => false);
    return this.ended;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export function parseResponse(data: Buffer, head: boolean, atEof: boolean): { res: ParsedResponse; used: number } | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0]);
  if (!m) throw new Error(`bad status line ${JSON.stringify(lines[0])}`);
  const status = Number(m[1]);
  const headers = lines.slice(1).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1).trim()] as [string, string];
  });
  const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
  let pos = end + 4;
  if (status < 200 || status === 204 || status === 304 || head) {
    return { res: { status, reason: m[2], headers, body: Buffer.alloc(0), raw: data.subarray(0, pos).toString('latin1') }, used: pos };
  }
  let body: Buffer;
  if (get('transfer-encoding')?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const le = data.indexOf('\r\n', pos);
      if (le < 0) return null;
      const size = parseInt(data.subarray(pos, le).toString('latin1'), 16);
      if (size === 0) {
        const te = data.indexOf('\r\n\r\n', le - 2 >= pos ? le - 2 : pos);
        if (te < 0) return null;
        pos = te + 4;
        break;
      }
      if (data.length < le + 2 + size + 2) return null;
      parts.push(data.subarray(le + 2, le + 2 + size));
      pos = le + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (get('content-length') !== undefined) {
    const n = Number(get('content-length'));
    if (data.length < pos + n) return null;
    body = data.subarray(pos, pos + n);
    pos += n;
  } else {
    if (!atEof) return null;
    body = data.subarray(pos);
    pos = data.length;
  }
  return { res: { status, reason: m[2], headers, body: Buffer.from(body), raw: data.subarray(0, pos).toString('latin1') }, used: pos };
}

export function header(res: ParsedResponse, name: string): string | undefined {
  return res.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** Sends bytes on a fresh connection and returns everything until close. */
export async function exchange(port: number, bytes: string | Buffer): Promise<string> {
  const c = await RawClient.connect(port);
  c.write(bytes);
  return c.readAll();
}
