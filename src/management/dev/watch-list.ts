// What runserver's reloader watches, as Django's autoreloader: the project's modules
// that were actually loaded (and one that failed to load), its settings module and
// .env, and its template folders. Never logs, uploads, build output or packages:
// files the project does not load are not in the list.
import * as path from 'node:path';
import { apps } from '../../apps/registry';
import { loadedSettings, settingsConfigured } from '../../conf/settings';
import { UserCodeError } from '../../core/errors';
import { userFrame } from '../../core/user-frame';

export interface WatchList {
  /** Files (absolute); a missing one is watched for its creation. */
  files: string[];
  /** Folders watched with all they contain (template folders). */
  dirs: string[];
}

/** The message a runserver child sends its reloader. */
export interface WatchMessage extends WatchList {
  type: 'hyper:watch';
}

// Folders that hold no source of the project: packages, version control, the
// framework's own cache, build and collected output.
const NOT_SOURCE = new Set(['node_modules', '.git', '.hyper', 'dist', 'staticfiles', 'coverage', '__pycache__']);

const isOutside = (rel: string) => rel.startsWith('..') || path.isAbsolute(rel);

/**
 * Whether a path is in one of those folders or a hidden one (`.env` is the project's
 * own): what no watcher follows. A path outside `root` is judged by its own name.
 */
export function isNotSource(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  const parts = isOutside(rel) ? [path.basename(file)] : rel.split(path.sep);
  return parts.some((part) => NOT_SOURCE.has(part) || (part.startsWith('.') && part !== '.env'));
}

/** Whether a file belongs to the project's own code, not to a package or the project's tooling. */
export function isProjectFile(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !isOutside(rel) && !isNotSource(root, file);
}

/** The file a load error points at: a syntax error's location, else the innermost user frame. */
export function errorFile(error: unknown): string | undefined {
  if (error instanceof UserCodeError && error.location) return error.location.file;
  return userFrame(error)?.file;
}

/** The list of this process: what it loaded of the project (`root`) so far. */
export function projectWatchList(root: string, error?: unknown): WatchList {
  const files = Object.keys(require.cache).filter((file) => isProjectFile(root, file));
  const dirs: string[] = [];
  files.push(path.join(root, '.env'));
  const failed = errorFile(error);
  if (failed && isProjectFile(root, failed)) files.push(failed);
  if (settingsConfigured()) {
    const loaded = loadedSettings();
    if (loaded.file) files.push(loaded.file);
    const values = loaded.values as { TEMPLATES?: Array<{ DIRS?: string[]; APP_DIRS?: boolean }>; BASE_DIR?: unknown };
    const entry = values.TEMPLATES?.[0] ?? { DIRS: [], APP_DIRS: true };
    const base = String(values.BASE_DIR ?? loaded.projectRoot);
    for (const dir of entry.DIRS ?? []) dirs.push(path.resolve(base, dir));
    if (entry.APP_DIRS && apps.configsReady) {
      for (const app of apps.getAppConfigs()) if (isProjectFile(root, app.path)) dirs.push(path.join(app.path, 'templates'));
    }
  }
  return { files: [...new Set(files)], dirs: [...new Set(dirs)] };
}

/** Sends the list to the reloader, when this process is a runserver child. */
export function sendWatchList(list: WatchList): void {
  if (process.send && process.connected) process.send({ type: 'hyper:watch', ...list } satisfies WatchMessage);
}
