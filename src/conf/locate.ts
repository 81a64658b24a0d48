// Finding the settings module: --settings, else HYPER_SETTINGS_MODULE, else the
// "hyper": {"settings": ...} entry of the nearest package.json, so that `hyper` works
// from any subfolder of a project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../core/errors';
import { displayPath } from '../core/display-path';
import { MODULE_EXTENSIONS, resolveModuleFile } from '../core/module-file';

export interface SettingsLocation {
  /** The settings module's absolute path. */
  file: string;
  /** The project's root: the folder of the package.json that names it, or nearest above it. */
  projectRoot: string;
  /** How it was found, for messages: '--settings', 'HYPER_SETTINGS_MODULE' or a package.json path. */
  via: string;
}

interface PackageManifest {
  hyper?: { settings?: unknown };
}

/** No settings module anywhere: the CLI is not inside a project. */
export class SettingsNotFound extends ImproperlyConfigured {}

function readManifest(file: string): PackageManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImproperlyConfigured(`${displayPath(file)} is not valid JSON: ${(error as Error).message}. Fix it, or point at the settings with --settings.`, { code: 'HYPER_SETTINGS_BAD_PACKAGE_JSON', cause: error });
  }
}

function projectRootOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

function fromName(spec: string, base: string, via: string): SettingsLocation {
  const file = resolveModuleFile(base, spec);
  if (!file) {
    const tried = MODULE_EXTENSIONS.includes(path.extname(spec)) ? spec : `${spec}.ts, ${spec}.js or ${spec}/index.ts`;
    throw new ImproperlyConfigured(
      `Settings module '${spec}' (from ${via}) not found: no ${tried} in ${displayPath(base) || '.'}.`,
      { code: 'HYPER_SETTINGS_MODULE_NOT_FOUND' },
    );
  }
  return { file, projectRoot: projectRootOf(file), via };
}

export function locateSettings(options: { cwd?: string; flag?: string; env?: NodeJS.ProcessEnv } = {}): SettingsLocation {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const environment = options.env ?? process.env;
  if (options.flag) return fromName(options.flag, cwd, '--settings');
  const fromEnv = environment.HYPER_SETTINGS_MODULE;
  if (fromEnv) return fromName(fromEnv, cwd, 'HYPER_SETTINGS_MODULE');

  const looked: string[] = [];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    looked.push(dir);
    const manifestFile = path.join(dir, 'package.json');
    const entry = readManifest(manifestFile)?.hyper?.settings;
    if (entry !== undefined) {
      if (typeof entry !== 'string' || entry === '') {
        throw new ImproperlyConfigured(
          `${displayPath(manifestFile)}: "hyper.settings" must be the settings module's path as a string, e.g. "settings.ts".`,
          { code: 'HYPER_SETTINGS_BAD_PACKAGE_JSON' },
        );
      }
      const located = fromName(entry, dir, displayPath(manifestFile));
      return { ...located, projectRoot: dir };
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new SettingsNotFound(
    `No settings found: --settings was not given, HYPER_SETTINGS_MODULE is not set, and no package.json with ` +
      `a "hyper": {"settings": ...} entry is in ${looked.join(', ')}. ` +
      'Run `hyper startproject NAME` to create a project, or pass --settings PATH.',
    { code: 'HYPER_SETTINGS_NOT_FOUND' },
  );
}
