// Requests on which the native server and the node:http adapter used to answer
// differently (an adversarial run, issue 16). Each case is decided by RFC
// 9112/9110, and both adapters must give exactly that answer over a real socket:
//
// * `GET  / HTTP/1.1` (two spaces): RFC 9112 §3 allows exactly one SP between the
//   parts of the request-line; a recipient of an invalid request-line SHOULD
//   answer 400. Parsing on whitespace is allowed but is what lets two parsers
//   disagree (llhttp skips extra spaces on its own; the node adapter checks the
//   raw line), so: 400.
// * chunk size `0000000000000010`: `chunk-size = 1*HEXDIG` allows leading zeros,
//   and the value (16) is small. Overflow is the risk, so the bound is on
//   significant digits (16, what fits in 64 bits, as llhttp), not on zeros; the
//   whole size line is bounded like extensions. Both read 16 bytes. A huge size
//   that fits is not trusted: the body limit answers 413 once it is passed.
// * a trailer field naming Content-Length or Transfer-Encoding: RFC 9110 §6.5.1
//   forbids framing fields in trailers and a recipient must not merge them into
//   the header section. llhttp refuses them, and a framing field after the body
//   is a sign of a smuggling attempt, so: 400. Other trailers (even Host) are
//   ignored and never exposed as headers.
// * `get` or `FOO`: methods are case-sensitive (RFC 9110 §9.1), so `get` is not
//   GET; an origin server that does not recognise a method SHOULD answer 501
//   (§9.1, §15.6.2). Recognised methods are the ones Node's parser knows
//   (http.METHODS); anything else on a well-formed request line: 501.
// * `Expect: 200-ok`: the only expectation defined is 100-continue; a server MAY
//   answer any other with 417 (RFC 9110 §10.1.1), and node:http does: 417, in
//   HTTP/1.1 (an HTTP/1.0 client cannot send one that means anything).
// * CONNECT: its target is authority-form (RFC 9112 §3.2.3), which an origin
//   server that is not a proxy does not accept, and CONNECT with an origin-form
//   target is malformed: 400 either way, and the connection is not tunnelled.
import * as http from 'node:http';
import { exchange, parseResponse } from '../server/support/raw-client';
import { type AdapterName, type TestApp, adapters, startApp } from '../server/support/test-server';

const close = 'Connection: close\r\n';
const chunked = (body: string, trailer = '') =>
  `POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n${close}\r\n${body}0\r\n${trailer}\r\n`;

// [name, request, status, body (when 200)]; always four, or jest takes the last parameter for `done`
const cases: Array<[string, string, number, string]> = [
  ['two spaces before the target', `GET  / HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
  ['two spaces after the target', `GET /  HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
  ['two spaces, pipelined after a good request', `GET / HTTP/1.1\r\nHost: t\r\n\r\nGET  /u/2/ HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
  ['a zero-padded 16-digit chunk size', chunked('0000000000000010\r\n0123456789abcdef\r\n'), 200, '0123456789abcdef'],
  ['a chunk size padded with 40 zeros', chunked(`${'0'.repeat(40)}3\r\nabc\r\n`), 200, 'abc'],
  ['17 significant hex digits in a chunk size (past 2^64)', chunked('10000000000000000\r\nabc\r\n'), 400, ''],
  ['Content-Length in a trailer', chunked('3\r\nabc\r\n', 'Content-Length: 5\r\n'), 400, ''],
  ['Transfer-Encoding in a trailer', chunked('3\r\nabc\r\n', 'Transfer-Encoding: chunked\r\n'), 400, ''],
  ['an ordinary trailer is ignored', chunked('3\r\nabc\r\n', 'X-Checksum: 1\r\nHost: evil\r\n'), 200, 'abc'],
  ['a lower-case method', `get / HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 501, ''],
  ['an unknown method', `FOO /headers HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 501, ''],
  ['an RTSP method', `DESCRIBE /headers HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 501, ''],
  ['an unknown method after a good request', `GET / HTTP/1.1\r\nHost: t\r\n\r\nFOO / HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 501, ''],
  ['an unknown method on a malformed line', `FOO\t/ HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
  ['Expect: 200-ok', `GET / HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\n${close}\r\n`, 417, ''],
  ['Expect: 200-ok with a body', `POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 3\r\n${close}\r\nabc`, 417, ''],
  ['Expect listing 100-continue among others', `POST /echo HTTP/1.1\r\nHost: t\r\nExpect: foo, 100-continue\r\nContent-Length: 3\r\n${close}\r\nabc`, 417, ''],
  ['Expect in HTTP/1.0 is ignored', 'GET / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n', 200, 'hello'],
  ['CONNECT to an authority', `CONNECT t:443 HTTP/1.1\r\nHost: t:443\r\n${close}\r\n`, 400, ''],
  ['CONNECT to a path', `CONNECT / HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
  ['CONNECT to a route that allows every method', `CONNECT /headers HTTP/1.1\r\nHost: t\r\n${close}\r\n`, 400, ''],
];

/** The last response on the connection (the earlier ones are the good requests before it). */
function lastResponse(raw: string, head = false): { status: number; body: string; raw: string } {
  let data = Buffer.from(raw, 'latin1');
  let last: { status: number; body: string; raw: string } = { status: 0, body: '', raw };
  for (;;) {
    const parsed = parseResponse(data, head, true);
    if (!parsed) return last;
    last = { status: parsed.res.status, body: parsed.res.body.toString('latin1'), raw: parsed.res.raw };
    data = data.subarray(parsed.used);
  }
}

describe.each(adapters)('%s adapter', (adapter: AdapterName) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(adapter);
  });
  afterAll(() => app.close());

  test.each(cases)('%s', async (_name, request, status, body) => {
    const raw = await exchange(app.port, request);
    const res = lastResponse(raw);
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body).toBe(body);
    // A refusal is the canonical one: no body, and the connection is closed.
    else expect(raw.endsWith(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)).toBe(true);
  });

  test('every method Node recognises reaches the handler', async () => {
    for (const method of http.METHODS.filter((m) => m !== 'CONNECT')) {
      const raw = await exchange(app.port, `${method} /headers HTTP/1.1\r\nHost: t\r\n${close}\r\n`);
      expect([method, lastResponse(raw, method === 'HEAD').status]).toEqual([method, 200]);
    }
  });

  test('a 16-digit chunk size fits, and the body limit refuses it once passed', async () => {
    const small = await startApp(adapter, { maxBodySize: 1024 });
    try {
      const raw = await exchange(small.port, `POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n${'x'.repeat(4096)}`);
      expect(lastResponse(raw).status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

(adapters.length === 2 ? test : test.skip)('both adapters give the same bytes for every case', async () => {
  const apps = await Promise.all(adapters.map((a) => startApp(a)));
  try {
    for (const [, request] of cases) {
      const [native, node] = await Promise.all(apps.map((a) => exchange(a.port, request)));
      const strip = (s: string) => s.replace(/\r\nDate: [^\r]*/gi, '');
      expect(lastResponse(strip(native)).status).toBe(lastResponse(strip(node)).status);
      expect(lastResponse(native).body).toBe(lastResponse(node).body);
    }
  } finally {
    await Promise.all(apps.map((a) => a.close()));
  }
});
