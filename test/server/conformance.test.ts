// The conformance suite: raw bytes over real sockets, the same expectations for
// the native server and the node:http adapter.
import { RawClient, exchange, header, parseResponse } from './support/raw-client';
import { createServer } from '../../src/server/create-server';
import { TEXT_SAMPLE, type TestApp, adapters, startApp } from './support/test-server';

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: t\r\n${extra}\r\n`;

describe.each(adapters)('%s adapter', (adapter) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(adapter);
  });
  afterAll(() => app.close());

  test('answers a GET with status, Date, Content-Length and body', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/'));
    const res = await c.readResponse();
    expect(res.status).toBe(200);
    expect(res.reason).toBe('OK');
    expect(header(res, 'content-length')).toBe('5');
    expect(header(res, 'date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(header(res, 'content-type')).toBe('text/plain');
    expect(res.body.toString()).toBe('hello');
    c.destroy();
  });

  test('keeps an HTTP/1.1 connection alive across requests', async () => {
    const c = await RawClient.connect(app.port);
    for (let i = 0; i < 3; i++) {
      c.write(GET('/u/7/'));
      const res = await c.readResponse();
      expect(res.body.toString()).toBe('user 7');
    }
    c.write(GET('/', 'Connection: close\r\n'));
    const last = await c.readResponse();
    expect(header(last, 'connection')).toBe('close');
    expect(await c.closed()).toBe(true);
  });

  test('HTTP/1.0 closes after the response unless keep-alive is asked for', async () => {
    const raw = await exchange(app.port, 'GET / HTTP/1.0\r\n\r\n');
    const res = parseResponse(Buffer.from(raw, 'latin1'), false, true)!.res;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hello');

    const c = await RawClient.connect(app.port);
    c.write('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const ka = await c.readResponse();
    expect(header(ka, 'connection')?.toLowerCase()).toBe('keep-alive');
    c.write('GET /u/1/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    expect((await c.readResponse()).body.toString()).toBe('user 1');
    c.destroy();
  });

  test('pipelined requests are answered in order, even when the first is slow', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/slow/30') + GET('/u/1/') + GET('/slow/1') + GET('/'));
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push((await c.readResponse()).body.toString());
    expect(bodies).toEqual(['slow 30', 'user 1', 'slow 1', 'hello']);
    c.destroy();
  });

  test('pipelined requests split at odd byte boundaries', async () => {
    const c = await RawClient.connect(app.port);
    const bytes = GET('/u/1/') + 'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc' + GET('/u/2/');
    for (let i = 0; i < bytes.length; i += 7) {
      c.write(bytes.slice(i, i + 7));
      await new Promise((r) => setImmediate(r));
    }
    expect((await c.readResponse()).body.toString()).toBe('user 1');
    expect((await c.readResponse()).body.toString()).toBe('abc');
    expect((await c.readResponse()).body.toString()).toBe('user 2');
    c.destroy();
  });

  test('HEAD gets the headers (with the length) but no body', async () => {
    const c = await RawClient.connect(app.port);
    c.write(`HEAD / HTTP/1.1\r\nHost: t\r\n\r\n`);
    const res = await c.readResponse({ head: true });
    expect(res.status).toBe(200);
    expect(header(res, 'content-length')).toBe('5');
    c.write(GET('/u/3/'));
    expect((await c.readResponse()).body.toString()).toBe('user 3'); // no stray body bytes in between
    c.destroy();
  });

  test('404 and 405 with Allow come from the route table', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/missing'));
    expect((await c.readResponse()).status).toBe(404);
    c.write('DELETE /u/1/ HTTP/1.1\r\nHost: t\r\n\r\n');
    const res = await c.readResponse();
    expect(res.status).toBe(405);
    expect(header(res, 'allow')).toBe('GET, HEAD');
    c.destroy();
  });

  test('request line, query and headers reach the handler', async () => {
    const c = await RawClient.connect(app.port);
    // obs-text in a value is read as latin1, as node:http does.
    c.write(Buffer.from('GET /headers?a=1&b=%20 HTTP/1.1\r\nHost: example\r\nX-Multi: a\r\nx-multi: b\r\nCookie: c=1\r\nX-Empty:\r\nCookie: d=2\r\nX-Latin: caf\xe9\r\nMulti-Part: x\r\n\r\n', 'latin1'));
    const res = await c.readResponse();
    const body = JSON.parse(res.body.toString());
    expect(body).toMatchObject({ method: 'GET', path: '/headers', query: 'a=1&b=%20', version: '1.1' });
    expect(body.headers).toMatchObject({ host: 'example', 'x-multi': 'a, b', cookie: 'c=1; d=2', 'x-latin': 'café', 'x-empty': '' });
    // One header at a time: the same values, nothing for a missing name or a name that only ends another ('multi').
    expect(body.single).toEqual({ host: 'example', 'x-multi': 'a, b', cookie: 'c=1; d=2', 'x-latin': 'café', 'x-empty': '', missing: null, multi: null });
    c.destroy();
  });

  test('a handler reads its request after answering it: in the same call, or later from what was kept', async () => {
    app.log.length = 0;
    const c = await RawClient.connect(app.port);
    // Pipelined, so the second head arrives while the first is answered; the second asks to close.
    c.write(GET('/after/now?n=1', 'X-Tag: one\r\n') + 'GET /after/now?n=2 HTTP/1.0\r\nHost: t\r\nX-Tag: two\r\n\r\n');
    expect((await c.readResponse()).body.toString()).toBe('answered');
    expect((await c.readResponse()).body.toString()).toBe('answered');
    c.destroy();
    const later = await RawClient.connect(app.port);
    later.write('GET /after/later?n=3 HTTP/1.0\r\nHost: t\r\nConnection: keep-alive\r\nX-Tag: three\r\n\r\n' + GET('/', 'X-Tag: next\r\n'));
    expect((await later.readResponse()).body.toString()).toBe('answered later');
    expect((await later.readResponse()).body.toString()).toBe('hello');
    later.destroy();
    const seen = app.log.map((line) => JSON.parse(line));
    const expected = (n: number, version: string, tag: string, when = 'now') => ({ method: 'GET', target: `/after/${when}?n=${n}`, version, tag, one: tag });
    expect(seen).toMatchObject([expected(1, '1.1', 'one'), expected(2, '1.0', 'two'), expected(3, '1.0', 'three', 'later')]);
    // The peer address is read from the socket: known while the call lasts.
    expect(seen[0].remote).toBe('127.0.0.1');
    expect(seen[1].remote).toBe('127.0.0.1');
  });

  test('the method, the raw target and the route parameters reach the handler, one parameter or several', async () => {
    const c = await RawClient.connect(app.port);
    const read = async (head: string) => {
      c.write(head);
      return JSON.parse((await c.readResponse()).body.toString());
    };
    expect(await read(GET('/two/3/x%20y?z=%41'))).toEqual({ method: 'GET', target: '/two/3/x%20y?z=%41', params: { a: 3, b: 'x y' } });
    expect(await read('PUT /two/0/b HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n')).toMatchObject({ method: 'PUT', params: { a: 0, b: 'b' } });
    // A method the route table has no bit for arrives by its name.
    expect(await read('PROPFIND /two/12/%C3%A9 HTTP/1.1\r\nHost: t\r\n\r\n')).toEqual({ method: 'PROPFIND', target: '/two/12/%C3%A9', params: { a: 12, b: 'é' } });
    c.write(GET('/slow/1?x'));
    expect((await c.readResponse()).body.toString()).toBe('slow 1');
    c.destroy();
  });

  test('header names that Object.prototype has arrive as plain names', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/headers', '__proto__: p\r\nConstructor: c\r\n'));
    const headers = JSON.parse((await c.readResponse()).body.toString()).headers;
    expect(Object.entries(headers)).toEqual(expect.arrayContaining([['__proto__', 'p'], ['constructor', 'c']]));
    c.destroy();
  });

  test('a Content-Length body is handed over whole', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world');
    const res = await c.readResponse();
    expect(res.body.toString()).toBe('hello world');
    expect(header(res, 'x-body-mode')).toBe('buffered');
    c.destroy();
  });

  test('a chunked body is decoded (extensions and trailers are skipped)', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\nA\r\nworld12345\r\n0\r\nX-Trailer: 1\r\n\r\n');
    const res = await c.readResponse();
    expect(res.body.toString()).toBe('hello world12345');
    expect(header(res, 'x-body-mode')).toBe('buffered');
    c.write(GET('/u/9/'));
    expect((await c.readResponse()).body.toString()).toBe('user 9');
    c.destroy();
  });

  test('a body above the threshold streams in chunks', async () => {
    const c = await RawClient.connect(app.port);
    const body = Buffer.alloc(200 * 1024, 'z');
    c.write(`POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: ${body.length}\r\n\r\n`);
    c.write(body);
    const res = await c.readResponse();
    expect(header(res, 'x-body-mode')).toBe('stream');
    expect(res.body.equals(body)).toBe(true);
    const chunked = `POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n${(body.length).toString(16)}\r\n`;
    c.write(chunked);
    c.write(body);
    c.write('\r\n0\r\n\r\n');
    const res2 = await c.readResponse();
    expect(header(res2, 'x-body-mode')).toBe('stream');
    expect(res2.body.length).toBe(body.length);
    c.destroy();
  });

  test('Expect: 100-continue gets an interim 100 before the body is sent', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
    expect(await c.readText('\r\n\r\n')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    c.write('ping');
    expect((await c.readResponse()).body.toString()).toBe('ping');
    c.destroy();
  });

  test('streamed responses use chunked encoding', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/stream'));
    const res = await c.readResponse();
    expect(header(res, 'transfer-encoding')).toBe('chunked');
    expect(res.body.toString()).toBe('one,two,three');
    c.write(GET('/u/4/'));
    expect((await c.readResponse()).body.toString()).toBe('user 4');
    c.destroy();
  });

  test('string bodies are sent as UTF-8 with their byte length, whole, long or streamed', async () => {
    const c = await RawClient.connect(app.port);
    const utf8 = Buffer.from(TEXT_SAMPLE, 'utf8');
    expect(utf8.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true); // the lone surrogate's replacement
    for (const [mode, expected] of [['short', utf8], ['long', Buffer.from(TEXT_SAMPLE.repeat(8000))], ['stream', Buffer.concat([utf8, utf8])]] as const) {
      c.write(GET(`/text/${mode}`));
      const res = await c.readResponse();
      expect(header(res, 'content-length')).toBe(String(expected.length));
      expect(res.body.equals(expected)).toBe(true);
    }
    c.destroy();
  });

  test('streamed responses to HTTP/1.0 are delimited by close', async () => {
    const raw = await exchange(app.port, 'GET /stream HTTP/1.0\r\n\r\n');
    const res = parseResponse(Buffer.from(raw, 'latin1'), false, true)!.res;
    expect(header(res, 'transfer-encoding')).toBeUndefined();
    expect(res.body.toString()).toBe('one,two,three');
  });

  test('file responses carry the length and the file bytes', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/file'));
    const res = await c.readResponse();
    expect(header(res, 'content-length')).toBe(String(300 * 1024));
    expect(res.body.equals(Buffer.alloc(300 * 1024, 'abcdefghij'))).toBe(true);
    c.write(`HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n`);
    const head = await c.readResponse({ head: true });
    expect(header(head, 'content-length')).toBe(String(300 * 1024));
    c.write(GET('/u/5/'));
    expect((await c.readResponse()).body.toString()).toBe('user 5');
    c.destroy();
  });

  test('a handler that throws gets a 500 and the connection lives on', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/throw'));
    const res = await c.readResponse();
    expect(res.status).toBe(500);
    c.write(GET('/u/6/'));
    expect((await c.readResponse()).body.toString()).toBe('user 6');
    c.destroy();
  });

  test('204 carries no length and no body', async () => {
    const c = await RawClient.connect(app.port);
    c.write(GET('/nocontent'));
    const res = await c.readResponse();
    expect(res.status).toBe(204);
    expect(header(res, 'content-length')).toBeUndefined();
    expect(header(res, 'x-a')).toBe('1');
    c.write(GET('/u/2/'));
    expect((await c.readResponse()).body.toString()).toBe('user 2'); // no stray body bytes
    c.destroy();
  });

  test('HEAD of a streamed response sends the head only', async () => {
    const c = await RawClient.connect(app.port);
    c.write('HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n');
    const res = await c.readResponse({ head: true });
    expect(res.status).toBe(200);
    c.write(GET('/u/3/'));
    expect((await c.readResponse()).body.toString()).toBe('user 3');
    c.destroy();
  });

  test('an HTTP/1.0 keep-alive POST with a body', async () => {
    const c = await RawClient.connect(app.port);
    c.write('POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi');
    expect((await c.readResponse()).body.toString()).toBe('hi');
    c.write('GET / HTTP/1.0\r\n\r\n');
    expect((await c.readResponse()).body.toString()).toBe('hello');
    expect(await c.closed()).toBe(true);
  });

  test('leading empty lines before a request are ignored', async () => {
    const c = await RawClient.connect(app.port);
    c.write(`\r\n${GET('/u/8/')}`);
    expect((await c.readResponse()).body.toString()).toBe('user 8');
    c.destroy();
  });
});

describe.each(adapters)('%s adapter with a custom converter', (adapter) => {
  test('the TypeScript router resolves the table and converts the value', async () => {
    const server = createServer({
      adapter,
      routes: [{ pattern: '/year/<year4:y>/' }, { pattern: '/u/<int:id>/', methods: ['GET'] }],
      converters: { year4: { regex: '[0-9]{4}', toValue: Number } },
      handler: (_req, res, match) => res.send(match.kind === 'found' ? 200 : match.kind === 'method-not-allowed' ? 405 : 404, {}, JSON.stringify(match)),
    });
    const { port } = await server.listen({ port: 0 });
    try {
      const c = await RawClient.connect(port);
      c.write(GET('/year/2024/') + GET('/year/24/') + 'POST /u/1/ HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n');
      const found = await c.readResponse();
      expect(JSON.parse(found.body.toString())).toEqual({ kind: 'found', routeId: 0, params: { y: 2024 } });
      expect((await c.readResponse()).status).toBe(404);
      expect(JSON.parse((await c.readResponse()).body.toString())).toEqual({ kind: 'method-not-allowed', allow: 'GET, HEAD' });
      c.destroy();
    } finally {
      await server.close({ deadline: 10 });
    }
  });
});
