// Where static files come from, in precedence order: each STATICFILES_DIRS entry
// (optionally under a URL prefix), then each installed app's static/ folder, then the
// framework's own. The first root holding a path wins, as with Django's finders.
// Paths are checked before they touch the disk: no '..', no absolute paths, no
// backslashes or NUL bytes, and a file reached through a symlink must stay inside
// its root; ignored names (STATICFILES_IGNORE_PATTERNS) are never found.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../apps/registry';
import { settings } from '../conf/settings';
import { isIgnored } from './ignore';

export interface StaticRoot {
  /** The URL prefix of this root ('' or 'vendor'), posix, without slashes around it. */
  prefix: string;
  /** The folder, absolute. */
  dir: string;
  /** Where the root comes from: the STATICFILES_DIRS entry ('static'), 'app blog', 'hyperdjango'. */
  source: string;
}

export interface StaticFile {
  /** Posix path relative to STATIC_URL, with its STATICFILES_DIRS prefix. */
  path: string;
  /** The file, absolute. */
  file: string;
  source: string;
}

/** The framework's own static files, beside this layer (src/contrib/staticfiles/static). */
export const FRAMEWORK_STATIC_DIR = path.resolve(__dirname, '..', 'contrib', 'staticfiles', 'static');

const stripSlashes = (text: string) => text.replace(/^\/+|\/+$/g, '');

/** The roots in precedence order; folders that do not exist are left out. */
export function staticRoots(): StaticRoot[] {
  const baseDir = String(settings.BASE_DIR);
  const roots: StaticRoot[] = [];
  const add = (prefix: string, dir: string, source: string) => {
    if (roots.some((root) => root.dir === dir && root.prefix === prefix)) return;
    if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) roots.push({ prefix, dir, source });
  };
  for (const entry of settings.STATICFILES_DIRS ?? []) {
    const [prefix, dir] = typeof entry === 'string' ? ['', entry] : entry;
    add(stripSlashes(prefix), path.resolve(baseDir, dir), dir);
  }
  for (const config of apps.getAppConfigs()) add('', path.join(config.path, 'static'), `app ${config.label}`);
  add('', FRAMEWORK_STATIC_DIR, 'hyperdjango');
  return roots;
}

/**
 * The path as posix segments when it is a safe relative path ('css/site.css',
 * './css//site.css'), else null: absolute paths, '..', backslashes, NUL bytes,
 * percent-encoded or otherwise.
 */
export function safeSegments(relPath: string): string[] | null {
  if (typeof relPath !== 'string' || relPath === '' || /[\\\0]/.test(relPath) || relPath.startsWith('/')) return null;
  if (/^[A-Za-z]:/.test(relPath)) return null;
  const segments = relPath.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.includes('..')) return null;
  return segments;
}

function ignorePatterns(): string[] {
  return settings.STATICFILES_IGNORE_PATTERNS ?? [];
}

/** The file under a root that `segments` names, when it exists and really lives inside the root. */
function fileIn(root: StaticRoot, segments: string[]): string | null {
  let rest = segments;
  if (root.prefix) {
    const prefix = root.prefix.split('/');
    if (segments.length <= prefix.length || prefix.some((part, i) => segments[i] !== part)) return null;
    rest = segments.slice(prefix.length);
  }
  const file = path.join(root.dir, ...rest);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return null;
  return insideRoot(file, root.dir) ? file : null;
}

/** Whether a file's real path (symlinks resolved) is inside the root's real path. */
function insideRoot(file: string, dir: string): boolean {
  try {
    const real = fs.realpathSync(file);
    const realDir = fs.realpathSync(dir);
    return real.startsWith(realDir + path.sep);
  } catch {
    return false;
  }
}

/** Every file matching the path, the winner first. */
export function findStaticAll(relPath: string): string[] {
  const segments = safeSegments(relPath);
  if (!segments || isIgnored(segments.join('/'), ignorePatterns())) return [];
  const found: string[] = [];
  for (const root of staticRoots()) {
    const file = fileIn(root, segments);
    if (file) found.push(file);
  }
  return found;
}

/** The absolute path of the file served for a static path, or null. */
export function findStatic(relPath: string): string | null {
  const segments = safeSegments(relPath);
  if (!segments || isIgnored(segments.join('/'), ignorePatterns())) return null;
  for (const root of staticRoots()) {
    const file = fileIn(root, segments);
    if (file) return file;
  }
  return null;
}

/** Every file under a root, as posix paths relative to it, skipping ignored names and symlinks that leave it. */
function walk(root: StaticRoot, ignore: readonly string[]): string[] {
  const out: string[] = [];
  const realRoot = fs.realpathSync(root.dir);
  const visit = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (isIgnored(relPath, ignore)) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch {
          continue; // a dangling link
        }
        if (!real.startsWith(realRoot + path.sep)) continue;
        const stat = fs.statSync(real);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
        // A link to a folder of the same root would be walked twice, or forever.
        if (isDir) continue;
      }
      if (isDir) visit(full, relPath);
      else if (isFile) out.push(relPath);
    }
  };
  visit(root.dir, '');
  return out.sort();
}

/**
 * Every static file the finders know, in precedence order: the first occurrence of a
 * path is the one that wins. `ignore` replaces STATICFILES_IGNORE_PATTERNS.
 */
export function listStatic(options: { ignore?: readonly string[] } = {}): StaticFile[] {
  const ignore = options.ignore ?? ignorePatterns();
  const out: StaticFile[] = [];
  for (const root of staticRoots()) {
    for (const rel of walk(root, ignore)) {
      out.push({ path: root.prefix ? `${root.prefix}/${rel}` : rel, file: path.join(root.dir, ...rel.split('/')), source: root.source });
    }
  }
  return out;
}
