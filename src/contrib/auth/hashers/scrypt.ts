// scrypt through node:crypto, in Django's format so hashes move between the two:
// 'scrypt$<salt>$<N>$<r>$<p>$<base64 hash>'. The default hasher.
import { scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { InvalidArgument } from '../../../core/errors';
import { BasePasswordHasher, type DecodedHash } from './base';

function scrypt(password: string, salt: string, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export class ScryptPasswordHasher extends BasePasswordHasher {
  readonly algorithm: string = 'scrypt';
  /** N: the CPU and memory cost (a power of two). */
  workFactor = 2 ** 14;
  blockSize = 8;
  parallelism = 1;
  keyLength = 64;

  async encode(password: string, salt: string, n = this.workFactor, r = this.blockSize, p = this.parallelism): Promise<string> {
    this.checkSalt(salt);
    // Room for the work the parameters ask for (Node's default cap is 32 MiB).
    const maxmem = 256 * n * r * p + 1024 * 1024;
    const key = await scrypt(password, salt, this.keyLength, { N: n, r, p, maxmem });
    return `${this.algorithm}$${salt}$${n}$${r}$${p}$${key.toString('base64')}`;
  }

  decode(encoded: string): DecodedHash {
    const [algorithm, salt, n, r, p, hash] = encoded.split('$', 6);
    if (algorithm !== this.algorithm || hash === undefined) throw new InvalidArgument('HYPER_AUTH_MALFORMED_HASH', `Not a ${this.algorithm} password hash: expected ${this.algorithm}$salt$n$r$p$hash.`);
    return { algorithm, salt, workFactor: Number(n), blockSize: Number(r), parallelism: Number(p), hash };
  }

  protected parametersOf(decoded: DecodedHash): unknown[] {
    return [decoded.workFactor, decoded.blockSize, decoded.parallelism];
  }

  mustUpdate(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return decoded.workFactor !== this.workFactor || decoded.blockSize !== this.blockSize || decoded.parallelism !== this.parallelism;
  }
}
