// Ambiguous framing and malformed heads: rejected with the exact same bytes by
// both adapters, and the connection closed, so nothing can be smuggled behind.
import { exchange } from './support/raw-client';
import { type TestApp, adapters, startApp } from './support/test-server';

const refusal = (status: number, reason: string) => `HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
const BAD = refusal(400, 'Bad Request');

const cases: Array<[string, string, string]> = [
  ['Content-Length with Transfer-Encoding', 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', BAD],
  ['Transfer-Encoding with Content-Length', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n', BAD],
  ['duplicate equal Content-Length', 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc', BAD],
  ['conflicting Content-Length', 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde', BAD],
  ['Content-Length list', 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc', BAD],
  ['signed Content-Length', 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\n\r\nabc', BAD],
  ['hex chunk size with junk', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n', BAD],
  ['chunk size with a 0x prefix', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n', BAD],
  ['chunk data longer than its size', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n', BAD],
  ['overflowing chunk size', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\nhello\r\n0\r\n\r\n', BAD],
  ['Transfer-Encoding not ending in chunked', 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n', BAD],
  ['Transfer-Encoding in HTTP/1.0', 'POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', BAD],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n  folded\r\n\r\n', BAD],
  ['whitespace before the colon', 'GET / HTTP/1.1\r\nHost: t\r\nX-A : a\r\n\r\n', BAD],
  ['space in a header name', 'GET / HTTP/1.1\r\nHost: t\r\nX A: a\r\n\r\n', BAD],
  ['NUL in a header value', 'GET / HTTP/1.1\r\nHost: t\r\nX-A: a\x00b\r\n\r\n', BAD],
  ['bare CR in a header value', 'GET / HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n', BAD],
  ['bare LF line ends', 'GET / HTTP/1.1\nHost: t\n\n', BAD],
  ['missing Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', BAD],
  ['two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', BAD],
  ['a space inside the request-target', 'GET /a b HTTP/1.1\r\nHost: t\r\n\r\n', BAD],
  ['a lower-case protocol name', 'GET / http/1.1\r\nHost: t\r\n\r\n', BAD],
  ['an invalid method token', 'G(T / HTTP/1.1\r\nHost: t\r\n\r\n', BAD],
  ['an absolute-form request-target', 'GET http://t/ HTTP/1.1\r\nHost: t\r\n\r\n', BAD],
  ['a fragment in the request-target', 'GET /a#b HTTP/1.1\r\nHost: t\r\n\r\n', BAD],
  ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n', BAD],
];

describe.each(adapters)('%s adapter', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(adapter);
  });
  afterAll(() => app.close());

  test.each(cases)('%s is refused and the connection closed', async (_name, request, expected) => {
    // A second request rides behind: it must never be answered.
    const raw = await exchange(app.port, Buffer.from(`${request}GET /u/1/ HTTP/1.1\r\nHost: t\r\n\r\n`, 'latin1'));
    expect(raw).toBe(expected);
  });

  test('an unsupported transfer coding is 501', async () => {
    const raw = await exchange(app.port, 'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n');
    expect(raw).toBe(refusal(501, 'Not Implemented'));
  });

  test('HTTP/2.0 on the request line is 505', async () => {
    const raw = await exchange(app.port, 'GET / HTTP/2.0\r\nHost: t\r\n\r\n');
    expect(raw).toBe(refusal(505, 'HTTP Version Not Supported'));
  });
});
