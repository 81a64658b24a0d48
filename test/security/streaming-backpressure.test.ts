// A streaming response whose producer never waits for I/O (an async generator
// that yields Buffers at once), to a client that does not read: the server must
// pull from it only as the socket drains, so what it holds stays bounded, and the
// whole body must still arrive once the client reads. Both adapters, real sockets,
// through the web layer's own writer (writeResponse).
import { StreamingHttpResponse } from '../../src/http';
import type { Request } from '../../src/http';
import { writeResponse } from '../../src/http/write-response';
import { createServer } from '../../src/server/create-server';
import type { HyperServer } from '../../src/server/server-options';
import { adapters } from '../server/support/test-server';
import { slowRead } from './support/slow-client';

process.env.HYPER_TEST_SNDBUF = '65536';

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
const CHUNK = 16 * 1024;

/** Undoes chunked framing; throws on a malformed or unterminated body. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw new Error(`chunked body cut at ${at} of ${raw.length}`);
    const size = parseInt(raw.toString('latin1', at, eol), 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

describe.each(adapters)('%s adapter: streaming backpressure', (adapter) => {
  let server: HyperServer;
  let port = 0;
  let pulled = 0;
  let finished = false;

  beforeAll(async () => {
    server = createServer({
      adapter,
      routes: [{ pattern: '/gen' }],
      onError: () => {},
      handler(_req, res) {
        async function* produce(): AsyncGenerator<Buffer> {
          for (let i = 0; pulled < TOTAL; i++) {
            pulled += CHUNK;
            yield Buffer.alloc(CHUNK, i & 0xff);
          }
          finished = true;
        }
        const response = new StreamingHttpResponse(produce(), { contentType: 'application/octet-stream' });
        return writeResponse({ path: '/gen', method: 'GET' } as Request, response, res, () => {});
      },
    });
    ({ port } = await server.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterAll(() => server.close({ deadline: 50 }));

  test('the producer is pulled only as the client reads; the whole body arrives', async () => {
    let heldWhileStalled = -1;
    const reading = slowRead(port, 'GET /gen HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { stallMs: 1500, giveUpMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1200));
    heldWhileStalled = pulled;
    const r = await reading;
    // The high-water mark (1 MiB) plus what the kernel's buffers took: far below the 64 MiB on offer.
    expect(heldWhileStalled).toBeLessThan(12 * MiB);
    expect(r.status).toBe(200);
    const body = dechunk(r.body);
    expect(body.length).toBe(TOTAL);
    for (let i = 0; i < TOTAL / CHUNK; i += 997) expect(body[i * CHUNK]).toBe(i & 0xff);
    expect(finished).toBe(true);
  });
});
