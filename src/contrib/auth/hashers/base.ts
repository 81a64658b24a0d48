// What every password hasher does (Django's BasePasswordHasher): hash with a random
// salt into a string that names the algorithm and records its parameters, verify in
// constant time, and say when a stored hash was made with weaker parameters.
import { InvalidArgument } from '../../../core/errors';
import { ALPHANUMERIC, constantTimeEqual, randomString } from '../../../signing/crypto';

export interface DecodedHash {
  algorithm: string;
  salt: string;
  hash: string;
  [parameter: string]: string | number;
}

export abstract class BasePasswordHasher {
  /** The first part of an encoded hash: 'scrypt', 'pbkdf2_sha256'. */
  abstract readonly algorithm: string;
  /** 128 bits of entropy in the salt, as Django. */
  saltEntropy = 128;

  salt(): string {
    // log2(62) bits a character.
    return randomString(Math.ceil(this.saltEntropy / Math.log2(ALPHANUMERIC.length)));
  }

  abstract encode(password: string, salt: string): Promise<string>;
  abstract decode(encoded: string): DecodedHash;

  /** Whether the password matches, compared in constant time. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with this just below
    const encode = this.encode as (password: string, salt: string, ...parameters: unknown[]) => Promise<string>;
    return constantTimeEqual(await encode.call(this, password, decoded.salt, ...this.parametersOf(decoded)), encoded);
  }

  /** The stored parameters, passed back to encode() so that verifying reproduces the hash. */
  protected parametersOf(_decoded: DecodedHash): unknown[] {
    return [];
  }

  /** True when the hash was made with other parameters than this hasher's current ones. */
  mustUpdate(_encoded: string): boolean {
    return false;
  }

  /** The hash's parts with the salt and hash masked, for display (admin). */
  safeSummary(encoded: string): Record<string, string | number> {
    const { hash, salt, ...rest } = this.decode(encoded);
    return { ...rest, salt: mask(salt), hash: mask(hash) };
  }

  protected checkSalt(salt: string): void {
    if (typeof salt !== 'string' || !salt || salt.includes('$')) throw new InvalidArgument('HYPER_AUTH_INVALID_SALT', 'A password salt must be a non-empty string without "$": leave it out, and the hasher makes one (hasher.salt()).');
  }
}

function mask(text: string, show = 6): string {
  return text.slice(0, show) + '*'.repeat(Math.max(0, text.length - show));
}
