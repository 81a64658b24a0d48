// Signer and TimestampSigner (Django's django.core.signing): `value:signature`,
// the signature an HMAC keyed by SECRET_KEY and the salt. Verification accepts the
// current key and every SECRET_KEY_FALLBACKS key, so keys rotate without logging
// everyone out; new signatures always use the current key.
import { deflateSync, inflateSync } from 'node:zlib';
import { settings, settingsConfigured } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { b62Decode, b62Encode, b64Decode, b64Encode, constantTimeEqual, saltedHmacBase64 } from './crypto';
import { BadSignature, SignatureExpired } from './errors';

export interface SignerOptions {
  /** Default: settings.SECRET_KEY, read when signing (not when constructed). */
  key?: string;
  /** Default: settings.SECRET_KEY_FALLBACKS. */
  fallbackKeys?: string[];
  /** Default ':'; must not be a URL-safe base64 character. */
  sep?: string;
  /** Separates uses of one key: a value signed with one salt never verifies with another. */
  salt?: string;
  /** Default 'sha256'. */
  algorithm?: string;
}

/** Seconds, or a duration in larger units. */
export type MaxAge = number | { days?: number; hours?: number; minutes?: number; seconds?: number };

export interface ObjectOptions {
  /** zlib-compress the JSON when that makes it shorter (marked by a leading '.'). */
  compress?: boolean;
}

const UNSAFE_SEP = /^[A-Za-z0-9_=-]*$/;

export function maxAgeSeconds(maxAge: MaxAge): number {
  if (typeof maxAge === 'number') return maxAge;
  return (maxAge.days ?? 0) * 86400 + (maxAge.hours ?? 0) * 3600 + (maxAge.minutes ?? 0) * 60 + (maxAge.seconds ?? 0);
}

export class Signer {
  readonly sep: string;
  readonly salt: string;
  readonly algorithm: string;
  private readonly explicitKey: string | undefined;
  private readonly explicitFallbacks: string[] | undefined;

  constructor(options: SignerOptions = {}) {
    this.sep = options.sep ?? ':';
    if (UNSAFE_SEP.test(this.sep)) {
      throw new ImproperlyConfigured(`Signer: the separator ${JSON.stringify(this.sep)} is empty or a URL-safe base64 character; use ':' or another character outside A-z0-9-_=.`, { code: 'HYPER_SIGNING_BAD_SEPARATOR' });
    }
    this.salt = options.salt ?? `hyperdjango.signing.${new.target.name}`;
    this.algorithm = options.algorithm ?? 'sha256';
    this.explicitKey = options.key;
    this.explicitFallbacks = options.fallbackKeys;
  }

  get key(): string {
    const key = this.explicitKey ?? (settingsConfigured() ? settings.SECRET_KEY : '');
    if (!key) throw new ImproperlyConfigured('SECRET_KEY is empty: signing (sessions, CSRF, signed cookies) needs it. Set SECRET_KEY in the settings.', { code: 'HYPER_SECRET_KEY_EMPTY' });
    return key;
  }

  get fallbackKeys(): string[] {
    return this.explicitFallbacks ?? (settingsConfigured() ? settings.SECRET_KEY_FALLBACKS : []);
  }

  signature(value: string, key = this.key): string {
    return saltedHmacBase64(`${this.salt}signer`, value, key, this.algorithm);
  }

  sign(value: string): string {
    return `${value}${this.sep}${this.signature(value)}`;
  }

  unsign(signedValue: string): string {
    const at = signedValue.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature(`No "${this.sep}" found in the value.`);
    const value = signedValue.slice(0, at);
    const sig = signedValue.slice(at + this.sep.length);
    for (const key of [this.key, ...this.fallbackKeys]) {
      if (constantTimeEqual(sig, this.signature(value, key))) return value;
    }
    throw new BadSignature(`Signature "${sig.slice(0, 64)}" does not match.`);
  }

  /** JSON, base64url, optionally compressed, then signed. */
  signObject(obj: unknown, options: ObjectOptions = {}): string {
    let data = Buffer.from(JSON.stringify(obj) ?? 'null', 'utf8');
    let compressed = false;
    if (options.compress) {
      const smaller = deflateSync(data);
      if (smaller.length < data.length - 1) {
        data = smaller;
        compressed = true;
      }
    }
    return this.sign((compressed ? '.' : '') + b64Encode(data));
  }

  unsignObject<T = unknown>(signedObject: string, options: { maxAge?: MaxAge | null } = {}): T {
    const encoded = this.unsignWith(signedObject, options);
    return decodeObject<T>(encoded);
  }

  /** unsign() with the options a subclass understands (TimestampSigner's maxAge). */
  protected unsignWith(signedValue: string, _options: { maxAge?: MaxAge | null }): string {
    return this.unsign(signedValue);
  }
}

function decodeObject<T>(encoded: string): T {
  // Only reached with a verified signature: the payload is our own, so decompression is safe.
  const compressed = encoded.startsWith('.');
  try {
    let data = b64Decode(compressed ? encoded.slice(1) : encoded);
    if (compressed) data = inflateSync(data);
    return JSON.parse(data.toString('utf8')) as T;
  } catch (error) {
    throw new BadSignature(`The signed payload does not decode: ${(error as Error).message}`);
  }
}

export class TimestampSigner extends Signer {
  timestamp(): string {
    return b62Encode(Math.floor(Date.now() / 1000));
  }

  override sign(value: string): string {
    return super.sign(`${value}${this.sep}${this.timestamp()}`);
  }

  /** The value, after checking the signature and, with maxAge, that it is not older than that. */
  override unsign(signedValue: string, options: { maxAge?: MaxAge | null } = {}): string {
    const result = super.unsign(signedValue);
    const at = result.lastIndexOf(this.sep);
    if (at < 0) throw new BadSignature('The signed value has no timestamp.');
    const value = result.slice(0, at);
    const stamp = b62Decode(result.slice(at + this.sep.length));
    if (Number.isNaN(stamp)) throw new BadSignature('The signed value has a malformed timestamp.');
    if (options.maxAge !== undefined && options.maxAge !== null) {
      const age = Date.now() / 1000 - stamp;
      const limit = maxAgeSeconds(options.maxAge);
      if (age > limit) throw new SignatureExpired(`Signature age ${Math.floor(age)} > ${limit} seconds.`);
    }
    return value;
  }

  /** When the value was signed (after checking the signature). */
  signedAt(signedValue: string): Date {
    const result = super.unsign(signedValue);
    return new Date(b62Decode(result.slice(result.lastIndexOf(this.sep) + this.sep.length)) * 1000);
  }

  protected override unsignWith(signedValue: string, options: { maxAge?: MaxAge | null }): string {
    return this.unsign(signedValue, options);
  }
}

export interface DumpsOptions extends ObjectOptions {
  key?: string;
  fallbackKeys?: string[];
  /** Default 'hyperdjango.signing'. */
  salt?: string;
}

/** A URL-safe, signed, timestamped string of a JSON value: Django's signing.dumps. */
export function dumps(value: unknown, options: DumpsOptions = {}): string {
  const { compress, salt = 'hyperdjango.signing', ...keys } = options;
  return new TimestampSigner({ ...keys, salt }).signObject(value, { compress });
}

/** The value of a dumps() string; BadSignature when tampered, SignatureExpired when older than maxAge. */
export function loads<T = unknown>(signed: string, options: Omit<DumpsOptions, 'compress'> & { maxAge?: MaxAge | null } = {}): T {
  const { maxAge, salt = 'hyperdjango.signing', ...keys } = options;
  return new TimestampSigner({ ...keys, salt }).unsignObject<T>(signed, { maxAge });
}
