// Preparing a project for a command: settings loaded, apps populated.
import { apps } from '../apps/registry';
import { loadedSettings, settingsConfigured, setupSettings } from '../conf/settings';
import type { LoadedSettings } from '../conf/loaded-settings';
import { installFramework } from './wiring';

export interface SetupOptions {
  /** --settings */
  settings?: string;
  cwd?: string;
}

function settingsFor(options: SetupOptions): LoadedSettings {
  return settingsConfigured() && !options.settings ? loadedSettings() : setupSettings({ flag: options.settings, cwd: options.cwd });
}

/** Settings and every app's config (apps.ts) only: enough to list commands, without importing models. */
export function setupAppConfigs(options: SetupOptions = {}): LoadedSettings {
  const settings = settingsFor(options);
  apps.loadConfigs(settings.values.INSTALLED_APPS as string[], settings.projectRoot);
  return settings;
}

/** Everything a command needs: the framework wired (installFramework), settings, app configs, models and checks modules, ready() hooks. */
export async function setupProject(options: SetupOptions = {}): Promise<LoadedSettings> {
  installFramework();
  const settings = settingsFor(options);
  await apps.populate(settings.values.INSTALLED_APPS as string[], settings.projectRoot);
  return settings;
}
