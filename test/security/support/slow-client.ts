// A client that reads slowly, or not at all, over a real socket: it sends one
// request, leaves the answer unread for a while (the socket is paused, so the
// kernel's receive window closes and the server's queue fills), then reads at a
// given rate. Shared by the adversarial server tests.
import * as net from 'node:net';

export interface SlowRead {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The declared Content-Length (-1 when the body is close-delimited or chunked). */
  declared: number;
  /** The server closed (or reset) the connection. */
  ended: boolean;
}

export interface SlowReadOptions {
  /** Milliseconds before the first byte is read. */
  stallMs: number;
  /** Bytes a second once reading; unlimited when absent. */
  rate?: number;
  /** Give up (and report what arrived) after this many milliseconds. */
  giveUpMs?: number;
}

/**
 * Sends `request` and reads the answer as described. Returns when the declared
 * body is complete, or when the server ends the connection, or at giveUpMs.
 */
export function slowRead(port: number, request: string, options: SlowReadOptions): Promise<SlowRead> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const parts: Buffer[] = [];
    let size = 0;
    let headEnd = -1;
    let declared = -1;
    let head = '';
    let done = false;
    const finish = (ended: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(giveUp);
      socket.destroy();
      const all = Buffer.concat(parts, size);
      if (headEnd < 0) return reject(new Error(`no response head (${size} bytes, ended=${ended})`));
      const lines = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(lines[0].split(' ')[1]), headers, body: all.subarray(headEnd + 4), declared, ended });
    };
    const giveUp = setTimeout(() => finish(false), options.giveUpMs ?? 30_000);
    socket.on('connect', () => {
      socket.write(request);
      socket.pause();
      setTimeout(() => socket.resume(), options.stallMs);
    });
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      size += chunk.length;
      if (headEnd < 0) {
        const all = Buffer.concat(parts, size);
        headEnd = all.indexOf('\r\n\r\n');
        if (headEnd >= 0) {
          head = all.toString('latin1', 0, headEnd);
          const m = /\r\ncontent-length: *(\d+)/i.exec(head);
          if (m) declared = Number(m[1]);
        }
      }
      if (headEnd >= 0 && declared >= 0 && size - headEnd - 4 >= declared) return finish(false);
      if (options.rate) {
        socket.pause();
        setTimeout(() => socket.resume(), (chunk.length / options.rate) * 1000);
      }
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

/** `bytes` bytes that are not one repeated byte, so a lost or reordered piece shows. */
export function patterned(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) out.writeUInt32LE(i, i);
  return out;
}
