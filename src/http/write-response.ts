// Writing a response to the server: one send() for a plain body; a chunked
// stream for streaming responses (with backpressure); a file range for
// FileResponse. HEAD bodies are dropped by the server itself.
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import { InvalidArgument } from '../core/errors';
import type { CheckedHeaderLines } from '../server/headers';
import type { LogFunction } from './handler';
import { FileResponse } from './file-response';
import type { Request } from './request';
import { type BaseResponse, HttpResponse, StreamingHttpResponse } from './response';

/** The part of the server's ServerResponse the web layer uses. */
export interface ResponseSink {
  readonly headersSent: boolean;
  readonly aborted: boolean;
  send(status: number, headers?: ReadonlyArray<readonly [string, string]> | CheckedHeaderLines, body?: string | Buffer): void;
  start(status: number, headers?: ReadonlyArray<readonly [string, string]>, contentLength?: number): {
    write(chunk: string | Buffer): boolean;
    end(): void;
    drain(): Promise<void>;
    readonly aborted: boolean;
  };
}

function pairs(response: BaseResponse): Array<[string, string]> {
  return response.headers.pairs();
}

/** Work a response needs before its head is known (FileResponse: stat, conditional and range). */
export async function finalizeResponse(request: Request | null, response: BaseResponse): Promise<void> {
  if (response instanceof FileResponse) await response.prepare(request);
}

/** Writes the response; a plain body is written synchronously (no promise). */
export function writeResponse(request: Request, response: BaseResponse, sink: ResponseSink, log: LogFunction): Promise<void> | undefined {
  if (sink.aborted) return undefined;
  if (response instanceof HttpResponse) {
    sink.send(response.status, response.headers.lines(), response.body);
    return undefined;
  }
  return writeStreamed(request, response, sink, log);
}

async function writeStreamed(request: Request, response: BaseResponse, sink: ResponseSink, log: LogFunction): Promise<void> {
  if (response instanceof FileResponse) {
    try {
      await response.prepare(request);
    } catch (error) {
      log('error', `FileResponse for ${request.path}: ${(error as Error).message}`);
      sink.send(404, [['content-type', 'text/plain; charset=utf-8']], 'Not Found');
      return;
    }
    if (!response.sendBody) {
      sink.send(response.status, pairs(response));
      return;
    }
    const out = sink.start(response.status, pairs(response), response.length);
    if (request.method === 'HEAD' || response.length === 0) {
      out.end();
      return;
    }
    const stream: Readable = fs.createReadStream(response.file, { start: response.start, end: response.end, highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of stream) {
        if (out.aborted) break;
        if (!out.write(chunk as Buffer)) await out.drain();
      }
    } finally {
      stream.destroy();
      out.end();
    }
    return;
  }
  if (response instanceof StreamingHttpResponse) {
    const out = sink.start(response.status, pairs(response));
    try {
      for await (const chunk of response.source) {
        if (out.aborted) break;
        const data = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        if (data.length === 0) continue;
        if (!out.write(data)) await out.drain();
      }
    } catch (error) {
      // The head is gone; all we can do is log and end the stream.
      log('error', `Streaming response for ${request.path} failed`, error);
    } finally {
      out.end();
      const source = response.source as { return?: () => unknown };
      if (out.aborted && typeof source.return === 'function') void source.return();
    }
    return;
  }
  throw new InvalidArgument('HYPER_HTTP_UNKNOWN_RESPONSE_TYPE', `${response.constructor.name} is not a response the server can write: subclass HttpResponse, StreamingHttpResponse or FileResponse.`);
}
