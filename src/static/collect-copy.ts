// collectstatic's first step: each source copied (or symlinked with --link) to the
// same path in STATIC_ROOT, unless the copy there is already up to date. Checks are
// synchronous (fast); writes run several at a time, which hides the disk's latency.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { Source } from './collect-sources';
import type { OutputFolder } from './output-folder';
import { eachWrite } from './write-queue';

export interface CopyOptions {
  link: boolean;
  dryRun: boolean;
  /** STATIC_ROOT is (or, in a dry run with --clear, would be) empty: copy everything. */
  fresh: boolean;
}

/** Whether the file in STATIC_ROOT already is this source (same size, not older; or the right link). */
function upToDate(source: Source, dest: string, link: boolean): boolean {
  const stat = fs.lstatSync(dest, { throwIfNoEntry: false });
  if (!stat) return false;
  if (link) return stat.isSymbolicLink() && source.file !== null && fs.readlinkSync(dest) === source.file;
  if (stat.isSymbolicLink() || stat.size !== source.size) return false;
  if (source.content) return fs.readFileSync(dest).equals(source.content);
  return stat.mtimeMs >= source.mtimeMs;
}

/** Copies what changed; returns the paths copied (or that would be, in a dry run). */
export async function copySources(sources: readonly Source[], out: OutputFolder, options: CopyOptions, onProgress: () => void): Promise<Set<string>> {
  const copied = new Set<string>();
  for (const source of sources) {
    const dest = out.file(source.path);
    if (options.fresh || !out.has(dest) || !upToDate(source, dest, options.link)) copied.add(source.path);
    else onProgress();
  }
  if (options.dryRun) {
    copied.forEach(() => onProgress());
    return copied;
  }
  const destination = (source: Source) => out.file(source.path);
  await eachWrite(sources.filter((source) => copied.has(source.path)), destination, async (source) => {
    const dest = destination(source);
    // Never write through an old link: that would overwrite the link's target, a source file.
    out.remove(dest);
    out.add(dest);
    if (options.link && source.file) await fsp.symlink(source.file, dest);
    else if (source.content) await fsp.writeFile(dest, source.content);
    else await fsp.copyFile(source.file!, dest);
    onProgress();
  });
  return copied;
}
