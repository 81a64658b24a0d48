// src/conf: settings. Declared once each (global-settings.ts), loaded from the
// project's settings module with HYPER_* variables, .env and defaults beneath it.
import type { Settings } from './global-settings';

export { env } from './env';
export { configure, loadedSettings, onSettingChanged, overrideSettingValues, resetSettings, settings, settingsConfigured, setupSettings } from './settings';
export type { SettingChange } from './settings';
export type { ProjectSettings } from './settings';
export { locateSettings, SettingsNotFound } from './locate';
export type { SettingsLocation } from './locate';
export { loadSettings, compileCacheDir } from './load-settings';
export { LoadedSettings } from './loaded-settings';
export type { SettingSource, SettingTier } from './loaded-settings';
export { declareSetting, settingDeclaration, settingDeclarations, defaultValue } from './declarations';
export type { SettingDeclaration } from './declarations';
export { ENV_PREFIX } from './resolve-settings';
export type { Settings, MiddlewareEntry } from './global-settings';
export * as settingTypes from './setting-types';

/** The settings a project writes: any known setting, plus its own upper-case ones. */
export type UserSettings = Partial<Settings> & { [name: string]: unknown };

/** Types a settings module's object; the values are checked when it is loaded. */
export function defineSettings<T extends UserSettings>(values: T): T {
  return values;
}
