// The owner of an embedded database serves it to the project's other processes over a
// local socket, in PostgreSQL's wire protocol, so they connect with `pg` as to a server.
//
// PGlite is one backend, so one session: every client shares it, and the owner's own
// statements too. Turns are taken on the owner's mutex, and a client keeps the turn from
// its first message until the backend says it is idle again (ReadyForQuery 'I'): a
// transaction, or the Parse/Bind/Execute/Sync of one statement, never interleaves with
// another's. (@electric-sql/pglite-socket queues message by message instead, and its
// queue does not see the owner's own statements: both would interleave.)
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Mutex } from './mutex';

export interface SharedServer {
  /** `unix:<socket path>` or `tcp:127.0.0.1:<port>`. */
  readonly address: string;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SOCKET_NAME = '.s.PGSQL.5432'; // the name pg looks for in a socket folder
// sun_path holds 108 bytes on Linux, 104 on macOS, the terminating NUL included.
const MAX_SOCKET_PATH = 103;
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

export async function serveDatabase(database: PGlite, turn: Mutex, dir: string): Promise<SharedServer> {
  const sockets = new Set<net.Socket>();
  const finished = new Set<Promise<void>>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const done = serveClient(socket, database, turn);
    finished.add(done);
    void done.finally(() => {
      finished.delete(done);
      sockets.delete(socket);
    });
  });
  // Serving others never keeps the owner running: when its own work is done it exits,
  // and its clients reconnect to whichever process opens the database next.
  server.unref();
  server.on('error', () => undefined);
  const address = await listen(server, dir);
  return {
    address,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await Promise.all(finished);
      if (address.startsWith('unix:')) fs.rmSync(address.slice('unix:'.length), { force: true });
    },
  };
}

/** A unix socket in the data folder, or in a private folder under the temp folder when that path is too long; TCP on localhost where there are none. */
async function listen(server: net.Server, dir: string): Promise<string> {
  if (process.platform !== 'win32') {
    for (const folder of [dir, privateFolder(dir)]) {
      const file = path.join(folder, SOCKET_NAME);
      if (Buffer.byteLength(file) > MAX_SOCKET_PATH) continue;
      // A socket left by an owner that crashed: we hold the lock, so it is not in use.
      fs.rmSync(file, { force: true });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(file, () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      return `unix:${file}`;
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tcp:127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

function privateFolder(dir: string): string {
  const folder = path.join(os.tmpdir(), `hyper-${crypto.createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** Runs one client's messages in order until it leaves; gives back any turn it holds. */
async function serveClient(socket: net.Socket, database: PGlite, turn: Mutex): Promise<void> {
  socket.unref();
  let buffered: Buffer = Buffer.alloc(0);
  let started = false;
  let release: (() => void) | undefined;
  let work = Promise.resolve();
  let closed = false;

  const handle = async (message: Buffer): Promise<void> => {
    release ??= await turn.acquire();
    const reply = await database.runExclusive(() => database.execProtocolRaw(new Uint8Array(message)));
    if (!closed) socket.write(reply);
    if (idleAfter(reply)) {
      release();
      release = undefined;
    }
  };

  const onData = (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write('N'); // no encryption on a local socket; the client goes on in clear
        } else if (code === CANCEL_REQUEST) {
          socket.end(); // one backend: nothing to cancel separately
          return;
        } else {
          started = true;
          work = work.then(() => handle(message));
        }
        continue;
      }
      if (buffered.length < 5) return;
      const length = 1 + buffered.readInt32BE(1);
      if (buffered.length < length) return;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      if (message[0] === 0x58) {
        socket.end(); // Terminate: the client leaves; the shared backend stays
        return;
      }
      work = work.then(() => handle(message));
    }
  };

  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      onData(chunk);
      work = work.catch(() => {
        socket.destroy();
      });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
  closed = true;
  await work.catch(() => undefined);
  if (release) {
    // The client left in the middle of a statement or a transaction: end both, so the
    // next one starts clean.
    try {
      await database.runExclusive(async () => {
        await database.execProtocolRaw(SYNC);
        if (database.isInTransaction()) await database.execProtocolRaw(simpleQuery('ROLLBACK'));
      });
    } finally {
      release();
    }
  }
}

/** Whether a reply ends with the backend idle: its last message is ReadyForQuery 'I'. */
function idleAfter(reply: Uint8Array): boolean {
  const n = reply.length;
  if (n < 6 || reply[n - 6] !== 0x5a || reply[n - 1] !== 0x49) return false;
  // ReadyForQuery is 'Z', the length 5, the status.
  return Buffer.from(reply.buffer, reply.byteOffset + n - 5, 4).readInt32BE(0) === 5;
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}
