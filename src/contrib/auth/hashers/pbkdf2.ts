// PBKDF2 with HMAC-SHA256, in Django's format ('pbkdf2_sha256$<iterations>$<salt>$<base64 hash>'),
// so that a database of Django users keeps its passwords.
import { pbkdf2 as pbkdf2Callback } from 'node:crypto';
import { InvalidArgument } from '../../../core/errors';
import { BasePasswordHasher, type DecodedHash } from './base';

function pbkdf2(password: string, salt: string, iterations: number, keylen: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2Callback(password, salt, iterations, keylen, digest, (error, key) => (error ? reject(error) : resolve(key))));
}

export class PBKDF2PasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'pbkdf2_sha256';
  /** Django 5.2's count. */
  iterations = 1_000_000;
  digest = 'sha256';
  /** The digest's size, as Django (dklen=None). */
  keyLength = 32;

  async encode(password: string, salt: string, iterations = this.iterations): Promise<string> {
    this.checkSalt(salt);
    if (!Number.isSafeInteger(iterations) || iterations < 1) throw new InvalidArgument('HYPER_AUTH_INVALID_ITERATIONS', `PBKDF2 iterations must be a positive integer (got ${String(iterations)}).`);
    const key = await pbkdf2(password, salt, iterations, this.keyLength, this.digest);
    return `${this.algorithm}$${iterations}$${salt}$${key.toString('base64')}`;
  }

  decode(encoded: string): DecodedHash {
    const [algorithm, iterations, salt, hash] = encoded.split('$', 4);
    if (algorithm !== this.algorithm || hash === undefined) throw new InvalidArgument('HYPER_AUTH_MALFORMED_HASH', `Not a ${this.algorithm} password hash: expected ${this.algorithm}$iterations$salt$hash.`);
    return { algorithm, iterations: Number(iterations), salt, hash };
  }

  protected parametersOf(decoded: DecodedHash): unknown[] {
    return [decoded.iterations];
  }

  mustUpdate(encoded: string): boolean {
    return this.decode(encoded).iterations !== this.iterations;
  }
}

/** PBKDF2 with HMAC-SHA1: verifies hashes from older Django projects. */
export class PBKDF2SHA1PasswordHasher extends PBKDF2PasswordHasher {
  readonly algorithm: string = 'pbkdf2_sha1';
  digest = 'sha1';
  keyLength = 20;
}
