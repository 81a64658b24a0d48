// The process-wide settings: `settings.DEBUG` anywhere, loaded on first use from the
// usual places (see locate.ts) unless the CLI or a test configured them first.
import { InvalidArgument } from '../core/errors';
import { LoadedSettings } from './loaded-settings';
import { loadSettings } from './load-settings';
import { locateSettings } from './locate';
import { resolveSettings } from './resolve-settings';
import type { Settings } from './global-settings';

let current: LoadedSettings | undefined;
let version = 0;

function use(loaded: LoadedSettings | undefined): void {
  current = loaded;
  version++;
}

/**
 * Changes whenever the settings do (loaded, configured, overridden, restored): what
 * derived a value from them at some point can tell that it must derive it again.
 */
export function settingsVersion(): number {
  return version;
}

/** Locates and loads the settings module, and makes it the process's settings. */
export function setupSettings(options: { cwd?: string; flag?: string; env?: NodeJS.ProcessEnv } = {}): LoadedSettings {
  const loaded = loadSettings(locateSettings(options), options.env);
  use(loaded);
  return loaded;
}

/**
 * Settings from code, for scripts and tests (Django's settings.configure()). Values
 * are checked like a settings module's; the environment and .env are not read.
 */
export function configure(values: Record<string, unknown> = {}, options: { projectRoot?: string } = {}): LoadedSettings {
  const resolved = resolveSettings({
    userValues: values,
    file: null,
    projectRoot: options.projectRoot ?? process.cwd(),
    env: {},
    dotenv: new Map(),
  });
  use(resolved);
  return resolved;
}

export function loadedSettings(): LoadedSettings {
  return current ?? setupSettings();
}

export function settingsConfigured(): boolean {
  return current !== undefined;
}

/** Forgets the loaded settings; the next access loads them again. */
export function resetSettings(): void {
  use(undefined);
}

export type ProjectSettings = Settings & { readonly [name: string]: unknown };

/** Read-only view of the current settings. */
export const settings: ProjectSettings = new Proxy({} as ProjectSettings, {
  get: (_target, name) => (typeof name === 'string' ? loadedSettings().values[name] : undefined),
  has: (_target, name) => typeof name === 'string' && loadedSettings().has(name),
  ownKeys: () => Object.keys(loadedSettings().values),
  getOwnPropertyDescriptor: (_target, name) =>
    typeof name === 'string' && loadedSettings().has(name)
      ? { value: loadedSettings().values[name], enumerable: true, configurable: true, writable: false }
      : undefined,
  set: (_target, name) => readOnly(name),
  deleteProperty: (_target, name) => readOnly(name),
  defineProperty: (_target, name) => readOnly(name),
});

function readOnly(name: string | symbol): never {
  throw new InvalidArgument('HYPER_SETTINGS_READ_ONLY', `settings are read-only: set ${String(name)} in the settings module, or call configure() in tests.`);
}

export interface SettingChange {
  setting: string;
  value: unknown;
  /** True when the override starts, false when it ends and the previous value is back. */
  enter: boolean;
}

const changeListeners = new Set<(change: SettingChange) => void>();

/**
 * Calls `listener` whenever settings change at run time (Django's setting_changed):
 * what keeps a value derived from settings drops it then. Returns the unsubscribe function.
 */
export function onSettingChanged(listener: (change: SettingChange) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/**
 * Gives some settings other values until the returned function is called, which puts
 * the previous ones back; listeners hear of both. For overrideSettings() in tests.
 */
export function overrideSettingValues(values: Record<string, unknown>): () => void {
  const before = loadedSettings();
  use(new LoadedSettings({ ...before.values, ...values }, before.sources, before.file, before.projectRoot, before.ignoredNames, before.envReads));
  for (const setting of Object.keys(values)) notifyChange({ setting, value: values[setting], enter: true });
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    use(before);
    for (const setting of Object.keys(values)) notifyChange({ setting, value: before.values[setting], enter: false });
  };
}

function notifyChange(change: SettingChange): void {
  for (const listener of changeListeners) listener(change);
}
