// The app registry, populated from INSTALLED_APPS as Django does: first every app's
// config, then every app's models and checks modules, then each ready().
import * as path from 'node:path';
import { ImproperlyConfigured, LookupError } from '../core/errors';
import { displayPath } from '../core/display-path';
import { loadUserModule } from '../core/load-user-module';
import { didYouMean } from '../core/suggest';
import { resolveModuleFile } from '../core/module-file';
import { AppConfig } from './app-config';
import { resolveApp } from './resolve-app';

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Modules imported from every app during populate, in this order. */
const APP_MODULES = ['models', 'checks'] as const;

export class Apps {
  private readonly configs = new Map<string, AppConfig>();
  private populating = false;
  /** Every app's config is loaded (phase 1). */
  configsReady = false;
  /** Models and checks imported and every ready() run. */
  ready = false;

  /** Phase 1 alone: each app's AppConfig from its apps.ts, without importing its models. */
  loadConfigs(installedApps: readonly string[], projectRoot: string): void {
    if (this.configsReady) return;
    try {
      for (const config of installedApps.map((entry) => createConfig(entry, projectRoot))) this.add(config);
    } catch (error) {
      this.configs.clear();
      throw error;
    }
    this.configsReady = true;
  }

  async populate(installedApps: readonly string[], projectRoot: string): Promise<void> {
    if (this.ready) return;
    if (this.populating) throw new ImproperlyConfigured('apps.populate() is not reentrant: an app imported the registry while it was loading.', { code: 'HYPER_APPS_REENTRANT' });
    this.populating = true;
    try {
      this.loadConfigs(installedApps, projectRoot);
      for (const config of this.configs.values()) importAppModules(config);
      for (const config of this.configs.values()) await config.ready();
      this.ready = true;
    } catch (error) {
      this.reset();
      throw error;
    } finally {
      this.populating = false;
    }
  }

  private add(config: AppConfig): void {
    const sameName = [...this.configs.values()].find((other) => other.name === config.name);
    if (sameName) {
      throw new ImproperlyConfigured(`Application names aren't unique: '${config.name}' is listed twice in INSTALLED_APPS.`, { code: 'HYPER_APPS_DUPLICATE' });
    }
    const sameLabel = this.configs.get(config.label);
    if (sameLabel) {
      throw new ImproperlyConfigured(
        `Application labels aren't unique: '${config.label}' is the label of both '${sameLabel.name}' and '${config.name}'. ` +
          `Set a distinct \`label\` in one of their apps.ts files.`,
        { code: 'HYPER_APPS_DUPLICATE' },
      );
    }
    this.configs.set(config.label, config);
  }

  getAppConfigs(): AppConfig[] {
    return [...this.configs.values()];
  }

  getAppConfig(label: string): AppConfig {
    const config = this.configs.get(label);
    if (config) return config;
    throw new LookupError(`No installed app with label '${label}'.${didYouMean(label, this.configs.keys())}`, { code: 'HYPER_APPS_UNKNOWN_LABEL' });
  }

  hasApp(label: string): boolean {
    return this.configs.has(label);
  }

  isInstalled(name: string): boolean {
    return this.getAppConfigs().some((config) => config.name === name);
  }

  /** Empties the registry so it can be populated again (tests, reloads). */
  reset(): void {
    this.configs.clear();
    this.configsReady = false;
    this.ready = false;
  }
}

function createConfig(entry: string, projectRoot: string): AppConfig {
  const resolved = resolveApp(entry, projectRoot);
  const appsFile = resolveModuleFile(resolved.path, 'apps');
  let config: AppConfig;
  if (appsFile) {
    const ConfigClass = (loadUserModule(appsFile) as { default?: unknown }).default;
    if (typeof ConfigClass !== 'function' || !(ConfigClass.prototype instanceof AppConfig || ConfigClass === AppConfig)) {
      throw new ImproperlyConfigured(
        `${displayPath(appsFile)}: the default export must be a class extending AppConfig from 'hyperdjango/apps'.`,
        { code: 'HYPER_APPS_BAD_CONFIG' },
      );
    }
    config = new (ConfigClass as new () => AppConfig)();
  } else {
    config = new AppConfig();
  }
  config.name ??= resolved.name;
  config.path = resolved.path;
  // The last part of the name; npm names may hold '-', labels may not.
  config.label ??= resolved.name.split(/[./]/).pop()!.replace(/-/g, '_');
  config.verboseName ??= config.label.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  if (!LABEL.test(config.label)) {
    throw new ImproperlyConfigured(
      `App '${entry}' has the label '${config.label}', which is not an identifier. ` +
        `Set \`label\` in ${displayPath(path.join(resolved.path, 'apps.ts'))} to letters, digits and underscores.`,
      { code: 'HYPER_APPS_BAD_CONFIG' },
    );
  }
  return config;
}

function importAppModules(config: AppConfig): void {
  for (const name of APP_MODULES) {
    const file = resolveModuleFile(config.path, name);
    if (!file || file.endsWith('.d.ts')) continue;
    const exported = loadUserModule(file);
    if (name === 'models') config.modelsModule = exported;
  }
}

/** The process's registry. */
export const apps = new Apps();
