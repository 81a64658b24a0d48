// collectstatic's first step: each source copied (or symlinked with --link) to the
// same path in STATIC_ROOT, unless the copy there is already up to date.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Source } from './collect-sources';

export interface CopyOptions {
  root: string;
  link: boolean;
  dryRun: boolean;
  /** STATIC_ROOT is (or, in a dry run with --clear, would be) empty: copy everything. */
  fresh: boolean;
}

export function destination(root: string, relPath: string): string {
  return path.join(root, ...relPath.split('/'));
}

/** Whether the file in STATIC_ROOT already is this source (same size, not older; or the right link). */
async function upToDate(source: Source, dest: string, link: boolean): Promise<boolean> {
  const stat = await fsp.lstat(dest).catch(() => null);
  if (!stat) return false;
  if (link) return stat.isSymbolicLink() && source.file !== null && (await fsp.readlink(dest)) === source.file;
  if (stat.isSymbolicLink() || stat.size !== source.size) return false;
  if (source.content) return (await fsp.readFile(dest)).equals(source.content);
  return stat.mtimeMs >= source.mtimeMs;
}

/** Runs `fn` over the items with at most `limit` at a time. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Copies what changed; returns the paths copied (or that would be, in a dry run). */
export async function copySources(sources: readonly Source[], options: CopyOptions, onProgress: () => void): Promise<Set<string>> {
  const copied = new Set<string>();
  const made = new Set<string>();
  await eachLimit(sources, 32, async (source) => {
    const dest = destination(options.root, source.path);
    if (options.fresh || !(await upToDate(source, dest, options.link))) {
      copied.add(source.path);
      if (!options.dryRun) {
        const dir = path.dirname(dest);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        // Never write through an old link: that would overwrite the link's target, a source file.
        await fsp.rm(dest, { force: true });
        if (options.link && source.file) await fsp.symlink(source.file, dest);
        else if (source.content) await fsp.writeFile(dest, source.content);
        else await fsp.copyFile(source.file!, dest);
      }
    }
    onProgress();
  });
  return copied;
}
