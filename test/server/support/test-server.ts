// One application served by either adapter, so every conformance test runs the
// same bytes against both.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadNativeAddon } from '../../../src/server/binding';
import type { ServerRequest, ServerResponse } from '../../../src/server/contract';
import { createServer } from '../../../src/server/create-server';
import type { ServerLimits } from '../../../src/server/limits';
import type { RouteMatch } from '../../../src/server/router';
import type { HyperServer } from '../../../src/server/server-options';

export type AdapterName = 'native' | 'node';
export const adapters: AdapterName[] = loadNativeAddon({ quiet: true }) ? ['native', 'node'] : ['node'];

export interface TestApp {
  server: HyperServer;
  port: number;
  /** Requests parked on /wait, released by the test. */
  waiting: Array<() => void>;
  waitingArrived: () => Promise<void>;
  /** What the streaming handlers observed (backpressure, body modes). */
  log: string[];
  file: string;
  close(): Promise<void>;
}

export const routes = [
  { pattern: '/', methods: ['GET'] },
  { pattern: '/echo', methods: ['POST', 'PUT'] },
  { pattern: '/headers' },
  { pattern: '/stream' },
  { pattern: '/slow/<int:ms>' },
  { pattern: '/file' },
  { pattern: '/big/<int:mb>' },
  { pattern: '/u/<int:id>/', methods: ['GET'] },
  { pattern: '/wait' },
  { pattern: '/count' },
  { pattern: '/throw' },
  { pattern: '/blob' },
  { pattern: '/nocontent' },
  { pattern: '/bigfile' },
  { pattern: '/text/<str:mode>' },
  { pattern: '/after/<str:when>' },
  { pattern: '/two/<int:a>/<str:b>' },
];

/** What a handler reads of its request after answering it (logged by /after/now and /after/later). */
function readAfterAnswer(req: ServerRequest): string {
  const one = req.header('x-tag');
  return JSON.stringify({ method: req.method, target: req.target, version: req.httpVersion, tag: req.headers['x-tag'], one: one ?? null, remote: req.remoteAddress });
}

/** Text whose UTF-8 is longer than its UTF-16: two- to four-byte characters and a lone surrogate. */
export const TEXT_SAMPLE = 'café ☕ 😀 \uD800 end';
const BLOB = Buffer.alloc(1024 * 1024, 'b');

/** 16 MiB that is not one repeated byte, so order and offsets are checked. */
export function bigFileContent(): Buffer {
  const out = Buffer.alloc(16 * 1024 * 1024);
  for (let i = 0; i < out.length; i += 4) out.writeUInt32LE(i, i);
  return out;
}

export async function startApp(adapter: AdapterName, limits: Partial<ServerLimits> = {}): Promise<TestApp> {
  const waiting: Array<() => void> = [];
  let arrived: (() => void) | undefined;
  const log: string[] = [];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-server-')), 'data.bin');
  fs.writeFileSync(file, Buffer.alloc(300 * 1024, 'abcdefghij'));
  const bigFile = path.join(path.dirname(file), 'big.bin');
  fs.writeFileSync(bigFile, bigFileContent());
  const handler = (req: ServerRequest, res: ServerResponse, match: RouteMatch) => {
    // Answered synchronously, as most views that do no I/O are.
    if (match.kind === 'found' && routes[match.routeId].pattern === '/blob') {
      log.push('blob');
      return res.send(200, {}, BLOB);
    }
    if (match.kind === 'found' && routes[match.routeId].pattern === '/after/<str:when>' && match.params.when === 'now') {
      res.send(200, {}, 'answered');
      log.push(readAfterAnswer(req));
      return;
    }
    return asyncHandler(req, res, match);
  };
  const asyncHandler = async (req: ServerRequest, res: ServerResponse, match: RouteMatch) => {
    if (match.kind === 'not-found') return res.send(404, { 'content-type': 'text/plain' }, 'not found');
    if (match.kind === 'method-not-allowed') return res.send(405, { allow: match.allow }, '');
    switch (routes[match.routeId].pattern) {
      case '/':
        return res.send(200, { 'content-type': 'text/plain' }, 'hello');
      case '/echo': {
        const mode = req.body ? 'buffered' : 'stream';
        const body = await req.readBody();
        return res.send(200, { 'x-body-mode': mode, 'x-length': body.length }, body);
      }
      case '/headers':
      {
        // The native request finds single headers without building the record: both must agree.
        const one = (name: string) => req.header(name) ?? null;
        const single = Object.fromEntries(['host', 'x-multi', 'cookie', 'x-latin', 'x-empty', 'missing', 'multi'].map((n) => [n, one(n)]));
        return res.send(200, { 'content-type': 'application/json' }, JSON.stringify({ single, headers: req.headers, method: req.method, path: req.path, query: req.query, version: req.httpVersion }));
      }
      case '/stream': {
        const out = res.start(200, { 'content-type': 'text/plain' });
        out.write('one,');
        await new Promise((r) => setImmediate(r));
        out.write(Buffer.from('two,'));
        out.write('three');
        return out.end();
      }
      case '/slow/<int:ms>':
        await new Promise((r) => setTimeout(r, match.params.ms as number));
        return res.send(200, {}, `slow ${String(match.params.ms)}`);
      case '/file':
        return res.sendFile(200, { 'content-type': 'application/octet-stream' }, file);
      case '/big/<int:mb>': {
        const out = res.start(200, {}, (match.params.mb as number) * 1024 * 1024);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        let pressured = false;
        for (let i = 0; i < (match.params.mb as number) * 16 && !out.aborted; i++) {
          if (!out.write(chunk)) {
            pressured = true;
            await out.drain();
          }
        }
        log.push(`big pressured=${pressured} aborted=${out.aborted}`);
        return out.end();
      }
      case '/u/<int:id>/':
        return res.send(200, {}, `user ${String(match.params.id)}`);
      case '/wait':
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          arrived?.();
        });
        return res.send(200, {}, 'waited');
      case '/count': {
        // x-slow-mib: N reads the first N MiB slowly, so a server that did not pause its
        // socket would pile the body up here; x-max-buffered says how much ever waited.
        const slowBytes = Number(req.headers['x-slow-mib'] ?? 0) * 1024 * 1024;
        const body = req.stream();
        let n = 0;
        let maxBuffered = 0;
        for await (const chunk of body) {
          n += (chunk as Buffer).length;
          // The iterator hands over everything buffered at once: a chunk is what had waited.
          maxBuffered = Math.max(maxBuffered, (chunk as Buffer).length + body.readableLength);
          if (n < slowBytes) await new Promise((r) => setTimeout(r, 20));
        }
        return res.send(200, { 'x-mode': req.body ? 'buffered' : 'stream', 'x-max-buffered': String(maxBuffered) }, String(n));
      }
      case '/throw':
        throw new Error('boom');
      case '/bigfile':
        return res.sendFile(200, {}, bigFile);
      case '/text/<str:mode>': {
        const text = match.params.mode === 'long' ? TEXT_SAMPLE.repeat(8000) : TEXT_SAMPLE;
        if (match.params.mode !== 'stream') return res.send(200, { 'content-type': 'text/plain; charset=utf-8' }, text);
        const bytes = Buffer.byteLength(TEXT_SAMPLE) * 2;
        const out = res.start(200, { 'content-type': 'text/plain; charset=utf-8' }, bytes);
        out.write(TEXT_SAMPLE);
        out.write(TEXT_SAMPLE);
        return out.end();
      }
      case '/nocontent':
        return res.send(204, { 'x-a': '1' }, 'ignored');
      case '/after/<str:when>':
        await new Promise((resolve) => setTimeout(resolve, 5));
        res.send(200, {}, 'answered later');
        log.push(readAfterAnswer(req));
        return;
      case '/two/<int:a>/<str:b>':
        return res.send(200, { 'content-type': 'application/json' }, JSON.stringify({ method: req.method, target: req.target, params: match.params }));
    }
  };
  const server = createServer({ adapter, routes, handler, limits, onError: () => {} });
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    server,
    port,
    waiting,
    log,
    file,
    waitingArrived: () => new Promise<void>((resolve) => (arrived = resolve)),
    // The folder holds a 16 MiB file: it goes with the server.
    close: () => server.close({ deadline: 50 }).finally(() => fs.rmSync(path.dirname(file), { recursive: true, force: true })),
  };
}
