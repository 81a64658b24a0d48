// Loading a settings module from disk: read .env, run the module (TypeScript through
// the loader, with a compile cache under the project's .hyper/), merge the tiers.
import * as path from 'node:path';
import { ImproperlyConfigured } from '../core/errors';
import { displayPath } from '../core/display-path';
import { readDotenv } from '../core/dotenv';
import { loadUserModule } from '../core/load-user-module';
import { registerTypeScriptLoader } from '../core/ts-loader/register';
import { recordEnvReads, useDotenv } from './env';
import type { LoadedSettings } from './loaded-settings';
import type { SettingsLocation } from './locate';
import { resolveSettings } from './resolve-settings';
import { describeValue } from './setting-types';

/** Where compiled user modules are cached for a project. */
export function compileCacheDir(projectRoot: string): string {
  return path.join(projectRoot, '.hyper', 'cache', 'ts');
}

export function loadSettings(location: SettingsLocation, env: NodeJS.ProcessEnv = process.env): LoadedSettings {
  const dotenv = readDotenv(path.join(location.projectRoot, '.env'));
  registerTypeScriptLoader({ cacheDir: compileCacheDir(location.projectRoot) });
  useDotenv(dotenv);
  // Loading again (after resetSettings()) runs the module again, so that its env.*
  // calls see the environment and .env of now, not of the first load.
  delete require.cache[location.file];
  const stopRecording = recordEnvReads();
  let exported: unknown;
  let envReads: ReadonlySet<string>;
  try {
    exported = loadUserModule(location.file);
  } finally {
    envReads = stopRecording();
  }
  return resolveSettings({
    userValues: settingsObject(exported, location.file),
    file: location.file,
    projectRoot: location.projectRoot,
    env,
    dotenv,
    envReads,
  });
}

/**
 * The settings a module defines: its default export (`export default
 * defineSettings({...})`), or else its upper-case named exports, Django style.
 */
function settingsObject(exported: unknown, file: string): Record<string, unknown> {
  const moduleObject = (exported ?? {}) as Record<string, unknown>;
  if ('default' in moduleObject) {
    const value = moduleObject.default;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ImproperlyConfigured(
        `${displayPath(file)}: the default export must be the settings object (export default defineSettings({...})), got ${describeValue(value)}.`,
        { code: 'HYPER_SETTINGS_BAD_EXPORT' },
      );
    }
    return value as Record<string, unknown>;
  }
  return Object.fromEntries(Object.entries(moduleObject).filter(([name]) => name !== '__esModule'));
}
