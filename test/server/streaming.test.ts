// Backpressure, big uploads, graceful close and aborted clients, on both adapters.
import * as net from 'node:net';
import { RawClient, header } from './support/raw-client';
import * as fs from 'node:fs';
import { type TestApp, adapters, bigFileContent, startApp } from './support/test-server';

// 1 GiB of generated data through a real socket (about a second per adapter here);
// HYPER_TEST_UPLOAD_MB makes it smaller on slow machines.
const UPLOAD_MB = Number(process.env.HYPER_TEST_UPLOAD_MB || 1024);

describe.each(adapters)('%s adapter', (adapter) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startApp(adapter, { maxBodySize: 2 * 1024 * 1024 * 1024, highWaterMark: 256 * 1024 });
  });
  afterEach(() => app.close());

  test('a client that never reads: writes report backpressure, and the server stays responsive', async () => {
    const slow = await RawClient.connect(app.port);
    slow.socket.pause(); // never reads
    slow.write('GET /big/64 HTTP/1.1\r\nHost: t\r\n\r\n');
    // Meanwhile another client is served.
    const c = await RawClient.connect(app.port);
    c.write('GET /u/1/ HTTP/1.1\r\nHost: t\r\n\r\n');
    expect((await c.readResponse()).body.toString()).toBe('user 1');
    c.destroy();
    // Once the slow client goes away the handler sees the abort and stops.
    await new Promise((r) => setTimeout(r, 100));
    slow.destroy();
    for (let i = 0; i < 200 && !app.log.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(app.log).toEqual(['big pressured=true aborted=true']);
  });

  test('a pipelining client that does not read is not answered without bound', async () => {
    const c = await RawClient.connect(app.port);
    c.socket.pause();
    const count = 200; // 200 MiB of responses if nothing held back
    c.write('GET /blob HTTP/1.1\r\nHost: t\r\n\r\n'.repeat(count));
    await new Promise((r) => setTimeout(r, 300));
    const answered = app.log.length;
    expect(answered).toBeLessThan(count / 4);
    c.socket.resume();
    for (let i = 0; i < count; i++) expect((await c.readResponse()).body.length).toBe(1024 * 1024);
    expect(app.log.length).toBe(count);
    c.destroy();
  });

  test('a slow reader still gets every byte, in order', async () => {
    const c = await RawClient.connect(app.port);
    c.write('GET /big/8 HTTP/1.1\r\nHost: t\r\n\r\n');
    c.socket.pause();
    await new Promise((r) => setTimeout(r, 50));
    c.socket.resume();
    const res = await c.readResponse();
    expect(res.body.length).toBe(8 * 1024 * 1024);
    expect(app.log).toEqual(['big pressured=true aborted=false']);
    c.destroy();
  });

  test('a big file reaches a slow reader whole and in order', async () => {
    const c = await RawClient.connect(app.port);
    c.socket.pause();
    c.write('GET /bigfile HTTP/1.1\r\nHost: t\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    c.socket.resume();
    const res = await c.readResponse();
    expect(res.body.equals(bigFileContent())).toBe(true);
    c.write('GET /u/1/ HTTP/1.1\r\nHost: t\r\n\r\n');
    expect((await c.readResponse()).body.toString()).toBe('user 1');
    c.destroy();
  });

  test('clients that leave in the middle of a file leak no descriptors', async () => {
    const fds = () => fs.readdirSync('/proc/self/fd').length;
    const before = fds();
    for (let i = 0; i < 5; i++) {
      const c = await RawClient.connect(app.port);
      c.socket.pause();
      c.write('GET /bigfile HTTP/1.1\r\nHost: t\r\n\r\n');
      await new Promise((r) => setTimeout(r, 30));
      c.destroy();
    }
    while (fds() > before) await new Promise((r) => setTimeout(r, 20));
    expect(fds()).toBeLessThanOrEqual(before);
  });

  test(`a ${UPLOAD_MB} MiB upload streams through without being held in memory`, async () => {
    const total = UPLOAD_MB * 1024 * 1024;
    const socket = net.connect({ port: app.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    let reply = '';
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.write(`POST /count HTTP/1.1\r\nHost: t\r\nX-Slow-MiB: 16\r\nContent-Length: ${total}\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 'u');
    for (let sent = 0; sent < total; sent += chunk.length) {
      if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
    }
    while (!reply.includes(`\r\n\r\n${total}`)) await new Promise((r) => socket.once('data', r));
    expect(reply).toContain('x-mode: stream');
    // The handler read its first 16 MiB slowly while the client sent at full speed: what
    // ever waited for it stayed near the stream's high-water mark (256 KiB), because the
    // server paused the socket instead of queueing the upload.
    const buffered = Number(/x-max-buffered: (\d+)/.exec(reply)![1]);
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThan(2 * 1024 * 1024);
    socket.destroy();
  });

  test('graceful close: in-flight requests finish, idle connections close, new ones are refused', async () => {
    const idle = await RawClient.connect(app.port);
    idle.write('GET /u/1/ HTTP/1.1\r\nHost: t\r\n\r\n');
    await idle.readResponse();
    const busy = await RawClient.connect(app.port);
    const arrived = app.waitingArrived();
    busy.write('GET /wait HTTP/1.1\r\nHost: t\r\n\r\n');
    await arrived;
    const closed = app.server.close({ deadline: 5000 });
    expect(await idle.closed()).toBe(true);
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect({ port: app.port, host: '127.0.0.1' });
        s.on('error', reject);
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    app.waiting.shift()!();
    const res = await busy.readResponse();
    expect(res.body.toString()).toBe('waited');
    expect(header(res, 'connection')).toBe('close');
    expect(await busy.closed()).toBe(true);
    await closed;
  });

  test('graceful close cuts what is still running at the deadline', async () => {
    const busy = await RawClient.connect(app.port);
    const arrived = app.waitingArrived();
    busy.write('GET /wait HTTP/1.1\r\nHost: t\r\n\r\n');
    await arrived;
    await app.server.close({ deadline: 50 });
    expect(await busy.closed()).toBe(true);
    app.waiting.shift()!(); // answering afterwards is harmless
  });
});
