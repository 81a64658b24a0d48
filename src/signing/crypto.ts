// The primitives under every signature: Django's salted_hmac (the HMAC key is a
// digest of salt + secret, so each salt signs with its own key), URL-safe base64
// without padding, and a comparison that takes the same time whatever matches.
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { InvalidArgument } from '../core/errors';

// Derived keys by algorithm, salt and secret: the same few are used for every signature,
// and deriving one is a hash of its own (a third of the cost of signing a cookie).
const derivedKeys = new Map<string, Buffer>();

function derivedKey(keySalt: string, secret: string, algorithm: string): Buffer {
  const cacheKey = `${algorithm}\0${keySalt}\0${secret}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = createHash(algorithm).update(keySalt + secret).digest();
    if (derivedKeys.size >= 256) derivedKeys.clear();
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

export function saltedHmac(keySalt: string, value: string | Buffer, secret: string, algorithm = 'sha1'): Buffer {
  return createHmac(algorithm, derivedKey(keySalt, secret, algorithm)).update(value).digest();
}

/** saltedHmac as URL-safe base64 without padding: what a signature is. */
export function saltedHmacBase64(keySalt: string, value: string, secret: string, algorithm = 'sha1'): string {
  return createHmac(algorithm, derivedKey(keySalt, secret, algorithm)).update(value).digest('base64url');
}

export function b64Encode(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function b64Decode(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new InvalidArgument('HYPER_SIGNING_BAD_BASE64', 'b64Decode(): not URL-safe base64: only A-Z, a-z, 0-9, - and _ (no padding), as b64Encode() writes.');
  return Buffer.from(text, 'base64url');
}

export const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random string of these characters, each drawn uniformly from the OS's CSPRNG. */
export function randomString(length: number, chars = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** Equal strings in time independent of where they differ (lengths are not secret). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still compare something of the same length so the early exit is not a shortcut on content.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function b62Encode(n: number): string {
  if (n === 0) return '0';
  const sign = n < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(n));
  let out = '';
  while (rest > 0) {
    out = B62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return sign + out;
}

export function b62Decode(text: string): number {
  if (!/^-?[0-9A-Za-z]+$/.test(text)) return NaN;
  const negative = text.startsWith('-');
  let n = 0;
  for (const c of negative ? text.slice(1) : text) n = n * 62 + B62.indexOf(c);
  return negative ? -n : n;
}
