// The web layer over real sockets, on both server adapters.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { resetSettings } from '../../src/conf/settings';
import { setUrlconf } from '../../src/urls';
import { encodeMultipart, startLiveServer, type LiveServer } from '../../src/test-client';
import { makeTempDir, removeDir } from '../support/temp-project';
import { setupWeb } from './support';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(server: LiveServer, method: string, target: string, headers: Record<string, string | number> = {}, body?: Buffer | string | (() => AsyncIterable<Buffer>)): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: server.host, port: server.port, method, path: target, headers: { host: `127.0.0.1:${server.port}`, connection: 'close', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (typeof body === 'function') {
      (async () => {
        for await (const chunk of body()) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(reject);
    } else req.end(body);
  });
}

const adapters = ['native', 'node'] as const;
let tempDir = '';

describe.each(adapters)('%s adapter', (adapter) => {
  let server: LiveServer;
  beforeAll(async () => {
    tempDir = makeTempDir('hyper-uploads-');
    setupWeb({ DEBUG: false, FILE_UPLOAD_MAX_MEMORY_SIZE: 1024, DATA_UPLOAD_MAX_NUMBER_FIELDS: 5, DATA_UPLOAD_MAX_MEMORY_SIZE: 4096, MAX_BODY_SIZE: 8 * 1024 * 1024, FILE_UPLOAD_TEMP_DIR: tempDir });
    server = await startLiveServer({ adapter, log: () => undefined, middleware: ['hyperdjango.middleware.security', 'hyperdjango.middleware.common'] });
    expect(server.adapter).toBe(adapter);
  });
  afterAll(async () => {
    await server.close();
    setUrlconf(null);
    resetSettings();
    removeDir(tempDir);
  });

  test('JSON view with the security headers', async () => {
    const res = await send(server, 'GET', '/hello/');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).hello).toBe('world');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  test('APPEND_SLASH redirects; 404 and 500 without a stack; disallowed host', async () => {
    const slash = await send(server, 'GET', '/hello?x=1');
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe('/hello/?x=1');
    const post = await send(server, 'POST', '/echo', { 'content-type': 'application/json' }, '{}');
    expect(post.status).toBe(308);
    const missing = await send(server, 'GET', '/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain('hello/');
    const boom = await send(server, 'GET', '/boom/');
    expect(boom.status).toBe(500);
    expect(boom.body.toString()).not.toMatch(/kaboom|\.ts:\d+/);
    const evil = await send(server, 'GET', '/hello/', { host: 'evil.example' });
    expect(evil.status).toBe(400);
    expect(evil.headers['x-content-type-options']).toBeUndefined();
  });

  test('malformed JSON -> 400 with the position; too large -> 413', async () => {
    const bad = await send(server, 'POST', '/echo/', { 'content-type': 'application/json' }, '{"a":');
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toMatch(/position 5|Unexpected end/);
    const big = await send(server, 'POST', '/echo/', { 'content-type': 'application/json' }, JSON.stringify({ s: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
  });

  test('multipart: small files in memory, large ones on disk (streamed), temp files removed', async () => {
    const large = crypto.randomBytes(300 * 1024);
    const boundary = 'xYzBoundary123';
    const body = encodeMultipart({ title: 'hé', tags: ['a', 'b'], small: { filename: '../../etc/passwd', content: 'tiny' }, large: { filename: 'big.bin', content: large, contentType: 'application/x-bin' } }, boundary);
    const res = await send(server, 'POST', '/form/', { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length }, body);
    expect(res.status).toBe(200);
    const data = JSON.parse(res.body.toString());
    expect(data.fields).toEqual({ title: ['hé'], tags: ['a', 'b'] });
    expect(data.files.small).toEqual(expect.objectContaining({ name: 'passwd', size: 4, inMemory: true }));
    expect(data.files.large).toEqual(expect.objectContaining({ name: 'big.bin', size: large.length, inMemory: false, type: 'application/x-bin', sha: crypto.createHash('sha1').update(large).digest('hex') }));
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  test('hostile multipart: too many fields, truncated, no boundary, huge part headers, oversized field data', async () => {
    const boundary = 'b0und';
    const post = (body: Buffer | string, type = `multipart/form-data; boundary=${boundary}`) => send(server, 'POST', '/form/', { 'content-type': type }, body);
    const many = encodeMultipart(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, 'v'])), boundary);
    expect((await post(many)).status).toBe(400);
    expect((await post(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`)).status).toBe(400);
    expect((await post('whatever', 'multipart/form-data')).status).toBe(400);
    expect((await post(`--${boundary}\r\nX: ${'a'.repeat(40000)}\r\n\r\n`)).status).toBe(400);
    expect((await post(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(10000)}\r\n--${boundary}--\r\n`)).status).toBe(413);
    expect((await post(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`)).status).toBe(400);
  });

  test('an upload over MAX_BODY_SIZE is refused with 413 before it is read', async () => {
    const res = await send(server, 'POST', '/form/', { 'content-type': 'multipart/form-data; boundary=z', 'content-length': 9 * 1024 * 1024 }, () =>
      (async function* () {
        yield Buffer.alloc(1024);
      })(),
    );
    expect(res.status).toBe(413);
  });

  test('streaming, SSE and a file range', async () => {
    expect((await send(server, 'GET', '/stream/')).body.toString()).toBe('chunk0;chunk1;chunk2;');
    const sse = await send(server, 'GET', '/events/');
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.body.toString()).toContain('data: {"n":1}');
    const range = await send(server, 'GET', '/file/', { range: 'bytes=10-' });
    expect(range.status).toBe(206);
    expect(range.body.toString()).toBe('abcdefghij');
    const head = await send(server, 'HEAD', '/file/');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('20');
  });

  test('405 with Allow from a class-based view', async () => {
    const res = await send(server, 'PUT', '/items/1/');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
  });
});

void path;

describe.each(adapters)('%s adapter with DEBUG on', (adapter) => {
  let server: LiveServer;
  beforeAll(async () => {
    setupWeb({ DEBUG: true });
    server = await startLiveServer({ adapter, log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
    setUrlconf(null);
    resetSettings();
  });

  test('technical 404 lists the patterns; technical 500 shows the exception and source; 405 keeps Allow', async () => {
    const missing = await send(server, 'GET', '/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('items/&lt;int:id&gt;/');
    const boom = await send(server, 'GET', '/boom/');
    expect(boom.status).toBe(500);
    expect(boom.body.toString()).toContain('secret-internal-detail kaboom');
    expect(boom.body.toString()).toMatch(/support\.ts:\d+:\d+/);
    const put = await send(server, 'PUT', '/items/1/');
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, POST, HEAD, OPTIONS']);
  });
});
