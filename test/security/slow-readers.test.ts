// Slow and stopped readers over real sockets, on both adapters: a large answer
// must reach a client that reads slowly however long it takes, as long as it
// keeps taking bytes; the keep-alive, linger and close clocks wait for the
// write, and only sendTimeout (time without progress) drops a reader that stops.
import { createServer } from '../../src/server/create-server';
import type { ServerLimits } from '../../src/server/limits';
import type { ServerRequest, ServerResponse } from '../../src/server/contract';
import type { RouteMatch } from '../../src/server/router';
import type { HyperServer } from '../../src/server/server-options';
import { adapters } from '../server/support/test-server';
import { patterned, slowRead } from './support/slow-client';

// A small SO_SNDBUF on the native server's sockets (test-only switch), so the
// answer waits in the server's own queue rather than in megabytes of kernel buffer.
process.env.HYPER_TEST_SNDBUF = '65536';

const MiB = 1024 * 1024;
const routes = [{ pattern: '/buf/<int:mb>' }, { pattern: '/stream/<int:mb>' }, { pattern: '/chunked/<int:mb>' }];
const bodies = new Map<number, Buffer>();
const body = (mb: number): Buffer => {
  let b = bodies.get(mb);
  if (!b) bodies.set(mb, (b = patterned(mb * MiB)));
  return b;
};

async function handler(_req: ServerRequest, res: ServerResponse, match: RouteMatch): Promise<void> {
  if (match.kind !== 'found') return res.send(404, {}, '');
  const mb = match.params.mb as number;
  const data = body(mb);
  if (match.routeId === 0) return res.send(200, { 'content-type': 'application/octet-stream' }, data);
  const out = res.start(200, { 'content-type': 'application/octet-stream' }, match.routeId === 1 ? data.length : undefined);
  for (let at = 0; at < data.length && !out.aborted; at += 64 * 1024) {
    if (!out.write(data.subarray(at, at + 64 * 1024))) await out.drain();
  }
  out.end();
}

async function start(adapter: 'native' | 'node', limits: Partial<ServerLimits>): Promise<{ server: HyperServer; port: number }> {
  const server = createServer({ adapter, routes, handler, limits, onError: () => {} });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, port };
}

const get = (target: string, extra = '', version = '1.1') => `GET ${target} HTTP/${version}\r\nHost: x\r\n${extra}\r\n`;

describe.each(adapters)('%s adapter: slow readers', (adapter) => {
  describe('keep-alive and linger clocks wait for the write', () => {
    let app: { server: HyperServer; port: number };
    beforeAll(async () => {
      // A high-water mark above the bodies: the handler ends its stream at once,
      // with most of it still queued, as a producer that outruns the reader does.
      app = await start(adapter, { keepAliveTimeout: 500, highWaterMark: 16 * MiB });
    });
    afterAll(() => app.server.close({ deadline: 50 }));

    test('a 6 MiB Buffer answer on a keep-alive connection, read after 2 s (keepAliveTimeout 0.5 s)', async () => {
      const r = await slowRead(app.port, get('/buf/6'), { stallMs: 2000 });
      expect(r.status).toBe(200);
      expect(r.declared).toBe(6 * MiB);
      expect(r.body.length).toBe(6 * MiB);
      expect(r.body.equals(body(6))).toBe(true);
    });

    test('a 6 MiB Buffer answer with Connection: close, read after 3 s (the 2 s linger)', async () => {
      const r = await slowRead(app.port, get('/buf/6', 'Connection: close\r\n'), { stallMs: 3000 });
      expect(r.headers.connection).toBe('close');
      expect(r.body.length).toBe(6 * MiB);
      expect(r.body.equals(body(6))).toBe(true);
    });

    test('a streamed 8 MiB answer with a length, read after 2 s', async () => {
      const r = await slowRead(app.port, get('/stream/8'), { stallMs: 2000 });
      expect(r.body.length).toBe(8 * MiB);
      expect(r.body.equals(body(8))).toBe(true);
    });

    test('a close-delimited streamed answer to HTTP/1.0, read after 3 s', async () => {
      const r = await slowRead(app.port, get('/chunked/8', '', '1.0'), { stallMs: 3000 });
      expect(r.declared).toBe(-1);
      expect(r.ended).toBe(true);
      expect(r.body.length).toBe(8 * MiB);
      expect(r.body.equals(body(8))).toBe(true);
    });
  });

  // Native only: node:http's server.close() destroys every connection whose
  // response has ended (closeIdleConnections), written out or not; see docs/server.md.
  (adapter === 'native' ? test : test.skip)('a graceful close lets a slow reader finish an answer already written', async () => {
    const app = await start(adapter, { highWaterMark: 16 * MiB });
    const reading = slowRead(app.port, get('/buf/6'), { stallMs: 1500 });
    await new Promise((r) => setTimeout(r, 300));
    const closed = app.server.close({ deadline: 10_000 });
    const r = await reading;
    expect(r.body.length).toBe(6 * MiB);
    expect(r.body.equals(body(6))).toBe(true);
    await closed;
  });

  describe('sendTimeout counts only time without progress', () => {
    let app: { server: HyperServer; port: number };
    beforeAll(async () => {
      app = await start(adapter, { keepAliveTimeout: 300, sendTimeout: 1000 });
    });
    afterAll(() => app.server.close({ deadline: 50 }));

    test('a reader taking 4 MiB at 1.5 MiB/s (longer than both timeouts) gets all of it', async () => {
      const r = await slowRead(app.port, get('/buf/4'), { stallMs: 200, rate: 1.5 * MiB });
      expect(r.body.length).toBe(4 * MiB);
      expect(r.body.equals(body(4))).toBe(true);
    });

    test('a reader that stops is dropped after sendTimeout, mid-stream', async () => {
      // The handler waits for drain with the response unfinished: only the send
      // clock can end this.
      const begun = Date.now();
      const r = await slowRead(app.port, get('/stream/32'), { stallMs: 3000, giveUpMs: 10_000 });
      expect(r.ended).toBe(true);
      expect(r.body.length).toBeLessThan(32 * MiB);
      expect(Date.now() - begun).toBeLessThan(15_000);
    });
  });
});
