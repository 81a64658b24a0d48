// gzip and brotli for compressible responses the client accepts (br preferred),
// above GZIP_MIN_LENGTH bytes; adds Vary: Accept-Encoding. Streaming responses
// are compressed chunk by chunk.
import * as zlib from 'node:zlib';
import { settings } from '../conf/settings';
import { HttpResponse, StreamingHttpResponse } from '../http/response';
import type { Middleware } from '../http/types';
import { negotiateEncoding } from '../http/accept-encoding';

/** The middleware can make either coding. */
const BOTH = { br: true, gzip: true };
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json|ld\+json)|image\/svg\+xml)/;

export const compressionMiddleware: Middleware = (getResponse) => {
  const minLength = settings.GZIP_MIN_LENGTH;
  return async (request) => {
    const response = await getResponse(request);
    if (response.headers.has('content-encoding') || !COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return response;
    if (response instanceof HttpResponse) {
      response.headers.addVary('Accept-Encoding');
      const body = response.content;
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'), BOTH);
      if (encoding === 'identity' || body.length < minLength || response.status === 304 || response.status === 204) return response;
      const packed =
        encoding === 'br'
          ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : zlib.gzipSync(body, { level: 6 });
      if (packed.length >= body.length) return response;
      response.body = packed;
      response.headers.set('content-encoding', encoding);
      const etag = response.headers.get('etag');
      if (etag && !etag.startsWith('W/')) response.headers.set('etag', `W/${etag}`);
      return response;
    }
    if (response instanceof StreamingHttpResponse) {
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'), BOTH);
      response.headers.addVary('Accept-Encoding');
      if (encoding === 'identity') return response;
      const source = response.source;
      const compressor = encoding === 'br' ? zlib.createBrotliCompress() : zlib.createGzip();
      const out = new StreamingHttpResponse(compressStream(source, compressor), { status: response.status, headers: response.headers });
      out.headers.set('content-encoding', encoding);
      return out;
    }
    return response;
  };
};

async function* compressStream(source: AsyncIterable<string | Buffer | Uint8Array> | Iterable<string | Buffer | Uint8Array>, z: zlib.Gzip | zlib.BrotliCompress): AsyncIterable<Buffer> {
  const flushed = () => new Promise<Buffer>((resolve) => {
    const parts: Buffer[] = [];
    const onData = (d: Buffer) => parts.push(d);
    z.on('data', onData);
    z.flush(() => {
      z.off('data', onData);
      resolve(Buffer.concat(parts));
    });
  });
  for await (const chunk of source) {
    z.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    // Flush per chunk: a streamed (or SSE) response must not sit in the compressor.
    const out = await flushed();
    if (out.length) yield out;
  }
  const tail = await new Promise<Buffer>((resolve) => {
    const parts: Buffer[] = [];
    z.on('data', (d: Buffer) => parts.push(d));
    z.on('end', () => resolve(Buffer.concat(parts)));
    z.end();
  });
  if (tail.length) yield tail;
}
