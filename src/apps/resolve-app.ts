// What an INSTALLED_APPS entry points at: a framework app ('hyperdjango.auth'), a
// folder of the project ('blog', 'apps/shop' or 'apps.shop'), or an npm package.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../core/errors';
import { closestMatch } from '../core/suggest';

export type AppKind = 'framework' | 'project' | 'package';

export interface ResolvedApp {
  name: string;
  path: string;
  kind: AppKind;
}

export const FRAMEWORK_PREFIX = 'hyperdjango.';
/** Where the framework's own apps live, beside this layer in src/ (or dist/src/). */
const CONTRIB_DIR = path.resolve(__dirname, '..', 'contrib');

const isDirectory = (dir: string) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;

function hasAppFile(dir: string): boolean {
  return fs.readdirSync(dir).some((file) => /^(apps|models)\.(ts|js)$/.test(file));
}

export function frameworkAppNames(): string[] {
  if (!isDirectory(CONTRIB_DIR)) return [];
  return fs
    .readdirSync(CONTRIB_DIR)
    .filter((name) => isDirectory(path.join(CONTRIB_DIR, name)) && hasAppFile(path.join(CONTRIB_DIR, name)))
    .map((name) => FRAMEWORK_PREFIX + name);
}

/** Project folders that look like apps: candidates for "did you mean". */
function projectAppFolders(projectRoot: string): string[] {
  if (!isDirectory(projectRoot)) return [];
  return fs
    .readdirSync(projectRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .filter((entry) => hasAppFile(path.join(projectRoot, entry.name)))
    .map((entry) => entry.name);
}

export function resolveApp(entry: string, projectRoot: string): ResolvedApp {
  if (entry.startsWith(FRAMEWORK_PREFIX)) {
    const dir = path.join(CONTRIB_DIR, entry.slice(FRAMEWORK_PREFIX.length));
    if (/^[a-z_]+$/.test(entry.slice(FRAMEWORK_PREFIX.length)) && isDirectory(dir) && hasAppFile(dir)) {
      return { name: entry, path: dir, kind: 'framework' };
    }
    throw unknownApp(entry, projectRoot, `there is no framework app of that name`);
  }
  const folders = [entry, entry.includes('/') ? undefined : entry.split('.').join('/')];
  for (const folder of folders) {
    if (folder !== undefined && isDirectory(path.resolve(projectRoot, folder))) {
      return { name: entry, path: path.resolve(projectRoot, folder), kind: 'project' };
    }
  }
  try {
    const manifest = require.resolve(`${entry}/package.json`, { paths: [projectRoot] });
    return { name: entry, path: path.dirname(manifest), kind: 'package' };
  } catch {
    throw unknownApp(entry, projectRoot, `no folder ${entry}/ in ${projectRoot} and no package '${entry}'`);
  }
}

function unknownApp(entry: string, projectRoot: string, why: string): ImproperlyConfigured {
  const match = closestMatch(entry, [...frameworkAppNames(), ...projectAppFolders(projectRoot)]);
  const hint = match
    ? ` Did you mean '${match}'?`
    : entry.startsWith(FRAMEWORK_PREFIX)
      ? ` Framework apps: ${frameworkAppNames().join(', ') || 'none'}.`
      : ` Create it with \`hyper startapp ${entry}\`.`;
  return new ImproperlyConfigured(`Unknown app '${entry}' in INSTALLED_APPS: ${why}.${hint}`, { code: 'HYPER_APPS_UNKNOWN_APP' });
}
