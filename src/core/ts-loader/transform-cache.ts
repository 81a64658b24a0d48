// On-disk cache of compiled user modules, keyed by a hash of the file's path and
// contents and of the compiler's version, so an unchanged file never reaches esbuild
// (which would start its service process: the costliest part of a cold `hyper`).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class TransformCache {
  constructor(readonly dir: string) {}

  key(filename: string, source: string, compilerVersion: string): string {
    return crypto.createHash('sha256').update(`${compilerVersion}\0${filename}\0${source}`).digest('hex').slice(0, 40);
  }

  get(key: string): string | undefined {
    try {
      return fs.readFileSync(path.join(this.dir, `${key}.js`), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
  set(key: string, code: string): void {
    const target = path.join(this.dir, `${key}.js`);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, target);
    } catch {
      // A read-only or full disk only costs speed: the next run compiles again.
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // Not even a path to it (a file where the cache folder should be): nothing to remove.
      }
    }
  }
}
