// A request body that streams: chunks pushed by an adapter, pulled by the
// handler with backpressure (the adapter pauses its socket while this is full).
import { Readable } from 'node:stream';
import { RequestBodyError } from './errors';

export class RequestBodyStream extends Readable {
  private readonly setPaused: (paused: boolean) => void;
  private paused = false;

  constructor(setPaused: (paused: boolean) => void, highWaterMark = 256 * 1024) {
    super({ highWaterMark });
    this.setPaused = setPaused;
  }

  override _read(): void {
    if (this.paused) {
      this.paused = false;
      this.setPaused(false);
    }
  }

  /** Called by the adapter for each chunk; pauses the source when the buffer is full. */
  feed(chunk: Buffer): void {
    if (this.destroyed) return;
    if (!this.push(chunk) && !this.paused) {
      this.paused = true;
      this.setPaused(true);
    }
  }

  finish(): void {
    if (!this.destroyed) this.push(null);
  }

  fail(status: number): void {
    if (this.destroyed) return;
    const reason =
      status === 413 ? 'request body exceeds the maximum size' :
      status === 408 ? 'request body timed out' :
      status === 400 ? 'malformed request body' : 'client disconnected';
    this.destroy(new RequestBodyError(status || 400, reason));
  }
}

/** A body already in memory, offered through the same stream interface. */
export function bufferStream(body: Buffer): Readable {
  return Readable.from(body.length ? [body] : [], { objectMode: false });
}
