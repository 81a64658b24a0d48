// STATIC_ROOT as collectstatic sees it: the files there are listed once at the start
// (a few readdir calls), so that thousands of "is it there?" questions cost no
// system calls. On a busy machine each synchronous call can cost a time slice.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export class OutputFolder {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  /** The root with a trailing separator: names are joined by concatenation (path.join normalizes, thousands of times). */
  private readonly prefix: string;

  constructor(readonly root: string) {
    this.prefix = root.endsWith(path.sep) ? root : root + path.sep;
    const visit = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      this.folders.add(dir);
      for (const entry of entries) {
        const full = (dir === root ? this.prefix : dir + path.sep) + entry.name;
        if (entry.isDirectory()) visit(full);
        else this.files.add(full);
      }
    };
    visit(root);
  }

  /** The absolute file of a posix path relative to the root (a checked one: no '..', no empty segment). */
  file(relPath: string): string {
    return this.prefix + (path.sep === '/' ? relPath : relPath.split('/').join(path.sep));
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** Removes the file if it is there. Files are replaced, never written into: one may be a hard link shared with another name. */
  remove(file: string): void {
    if (!this.files.delete(file)) return;
    try {
      fs.unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Records a file about to be written, creating its folder once. */
  add(file: string): void {
    const dir = path.dirname(file);
    if (!this.folders.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      for (let d = dir; d.length >= this.root.length && !this.folders.has(d); d = path.dirname(d)) this.folders.add(d);
    }
    this.files.add(file);
  }

  /** Writes a new file (never into the old one, which may be a hard link shared with another name). */
  async write(file: string, content: Buffer): Promise<void> {
    this.remove(file);
    this.add(file);
    await fsp.writeFile(file, content);
  }

  private readonly pendingLinks: Array<[string, string]> = [];

  /**
   * Makes `target` a hard link to `existing`, or a copy where links are not possible,
   * when linkAll() runs: made while writes are in flight, links wait on the same
   * folder locks as those writes (seconds for a few thousand on ext4).
   */
  link(existing: string, target: string): void {
    this.remove(target);
    this.add(target);
    this.pendingLinks.push([existing, target]);
  }

  /** Makes the links asked for since the last call; call once the files they point at are written. */
  linkAll(): void {
    for (const [existing, target] of this.pendingLinks.splice(0)) {
      try {
        fs.linkSync(existing, target);
      } catch {
        fs.copyFileSync(existing, target);
      }
    }
  }
}
