// Limits and timeouts: the right status, the same bytes from both adapters, and
// the connection closed. Timeouts are short here; the tests only wait for them.
import { RawClient, exchange } from './support/raw-client';
import { type TestApp, adapters, startApp } from './support/test-server';

const refusal = (status: number, reason: string) => `HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;

describe.each(adapters)('%s adapter', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(adapter, {
      maxHeadBytes: 4096,
      maxHeaders: 20,
      maxBodySize: 100_000,
      bodyThreshold: 1024,
      headersTimeout: 300,
      bodyTimeout: 300,
      keepAliveTimeout: 200,
    });
  });
  afterAll(() => app.close());

  test('a head over the size limit is 431', async () => {
    const raw = await exchange(app.port, `GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(6000)}\r\n\r\n`);
    expect(raw).toBe(refusal(431, 'Request Header Fields Too Large'));
  });

  test('a head just under the limit is served', async () => {
    const c = await RawClient.connect(app.port);
    c.write(`GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(3000)}\r\n\r\n`);
    expect((await c.readResponse()).status).toBe(200);
    c.destroy();
  });

  test('too many header fields is 431', async () => {
    const many = Array.from({ length: 25 }, (_, i) => `X-H${i}: v\r\n`).join('');
    const raw = await exchange(app.port, `GET / HTTP/1.1\r\nHost: t\r\n${many}\r\n`);
    expect(raw).toBe(refusal(431, 'Request Header Fields Too Large'));
  });

  test('a declared body over the limit is 413 before any body byte is sent', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100001\r\n\r\n');
    expect(await c.readAll()).toBe(refusal(413, 'Payload Too Large'));
  });

  test('413 also answers Expect: 100-continue without the interim 100', async () => {
    const raw = await exchange(app.port, 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 999999\r\nExpect: 100-continue\r\n\r\n');
    expect(raw).toBe(refusal(413, 'Payload Too Large'));
  });

  test('a chunked body that grows over the limit before the handler runs is 413', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n');
    // 1 KiB threshold: the body streams, so the handler sees the failure; either
    // way the answer is 413 and the connection closes.
    c.write(`${(200_000).toString(16)}\r\n`);
    c.write(Buffer.alloc(200_000, 'q'));
    const raw = await c.readAll();
    expect(raw.startsWith('HTTP/1.1 413 Payload Too Large\r\n')).toBe(true);
  });

  test('a head that stalls (slowloris) gets 408 and a close', async () => {
    const c = await RawClient.connect(app.port);
    c.write('GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ');
    expect(await c.readAll()).toBe(refusal(408, 'Request Timeout'));
  });

  test('a body that stalls is cut', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\nabc');
    const raw = await c.readAll();
    expect(raw === '' || raw.startsWith('HTTP/1.1 408 Request Timeout\r\n')).toBe(true);
    expect(c.ended).toBe(true);
  });

  test('an idle keep-alive connection is closed', async () => {
    const c = await RawClient.connect(app.port);
    c.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n');
    expect((await c.readResponse()).status).toBe(200);
    expect(await c.closed()).toBe(true);
  });
});
