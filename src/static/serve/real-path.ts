// The symlink half of path safety: a file is served only when its real path
// (every link followed) is still inside the real path of the folder it was
// found in. Folders' real paths are cached; they do not move while serving.
import * as fs from 'node:fs';
import * as path from 'node:path';

const rootCache = new Map<string, string | null>();

function realRoot(root: string): string | null {
  let real = rootCache.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync(root);
    } catch {
      // Not cached: a folder made later (MEDIA_ROOT on the first upload) is found then.
      return null;
    }
    rootCache.set(root, real);
  }
  return real;
}

/** Whether `realFile` (already a real path) lies inside `realFolder`. */
export function isInside(realFile: string, realFolder: string): boolean {
  const rel = path.relative(realFolder, realFile);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** The real path of `file` when it is a regular file inside `root`, else null. */
export async function realFileInside(file: string, root: string): Promise<{ real: string; stat: fs.Stats } | null> {
  const folder = realRoot(root);
  if (!folder) return null;
  try {
    const real = await fs.promises.realpath(file);
    if (!isInside(real, folder)) return null;
    const stat = await fs.promises.stat(real);
    return stat.isFile() ? { real, stat } : null;
  } catch {
    return null;
  }
}

/** The folder a finder's answer came from: the result minus the relative path it was asked for. */
export function folderOf(found: string, relPath: string): string | null {
  const tail = relPath.split('/').join(path.sep);
  if (!found.endsWith(path.sep + tail)) return null;
  return found.slice(0, found.length - tail.length - 1) || path.sep;
}
