// Server limits: defaults, and validation of what a caller passes, so nothing
// unchecked crosses into the native server. The web layer maps settings here.
import { ServerConfigError } from './errors';

export interface ServerLimits {
  /** Request line plus headers, in bytes; above it the answer is 431. */
  maxHeadBytes: number;
  /** Number of header fields; above it the answer is 431. */
  maxHeaders: number;
  /** Request body size in bytes (MAX_BODY_SIZE); above it 413, before the body is read. */
  maxBodySize: number;
  /** Bodies up to this size are handed over whole as a Buffer; larger ones stream. */
  bodyThreshold: number;
  /** Milliseconds to receive a request's head (slowloris); 408 and close. */
  headersTimeout: number;
  /** Milliseconds to receive a request's body; 408 and close. */
  bodyTimeout: number;
  /** Milliseconds an idle keep-alive connection stays open (counted once the last response has left). */
  keepAliveTimeout: number;
  /** Milliseconds a queued response may go without the client taking a byte; then the connection is dropped. */
  sendTimeout: number;
  /** Queued response bytes per connection before writes report backpressure. */
  highWaterMark: number;
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxHeadBytes: 16 * 1024,
  maxHeaders: 100,
  maxBodySize: 10 * 1024 * 1024,
  bodyThreshold: 64 * 1024,
  headersTimeout: 60_000,
  bodyTimeout: 300_000,
  keepAliveTimeout: 5_000,
  sendTimeout: 60_000,
  highWaterMark: 1024 * 1024,
});

const RANGES: Record<keyof ServerLimits, [number, number]> = {
  maxHeadBytes: [1024, 1024 * 1024],
  maxHeaders: [1, 10_000],
  maxBodySize: [0, Number.MAX_SAFE_INTEGER],
  bodyThreshold: [0, 64 * 1024 * 1024],
  headersTimeout: [1, 3_600_000],
  bodyTimeout: [1, 86_400_000],
  keepAliveTimeout: [1, 3_600_000],
  sendTimeout: [1, 3_600_000],
  highWaterMark: [1024, 1024 * 1024 * 1024],
};

export function resolveLimits(input: Partial<ServerLimits> | undefined): ServerLimits {
  const out: ServerLimits = { ...DEFAULT_LIMITS };
  if (input === undefined) return out;
  if (input === null || typeof input !== 'object') throw new ServerConfigError('limits must be an object');
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(RANGES, key)) {
      throw new ServerConfigError(`unknown server limit ${JSON.stringify(key)} (known: ${Object.keys(RANGES).join(', ')})`);
    }
    if (value === undefined) continue;
    const [min, max] = RANGES[key as keyof ServerLimits];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ServerConfigError(`server limit ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
    out[key as keyof ServerLimits] = value;
  }
  return out;
}
