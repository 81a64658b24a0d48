// The outcome of loading: every setting's value and the tier it came from.

/** Highest first: the settings module, HYPER_* variables, the .env file, the defaults. */
export type SettingTier = 'settings' | 'environment' | 'dotenv' | 'default';

export interface SettingSource {
  tier: SettingTier;
  /** Where exactly: 'settings.ts', 'HYPER_DEBUG', '.env: HYPER_DEBUG'. */
  detail: string;
}

export class LoadedSettings {
  constructor(
    readonly values: Readonly<Record<string, unknown>>,
    readonly sources: ReadonlyMap<string, SettingSource>,
    /** The settings module, or null when configured from code. */
    readonly file: string | null,
    readonly projectRoot: string,
    /** Names in the settings module that are not upper case, so not settings. */
    readonly ignoredNames: readonly string[],
  ) {}

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.values, name);
  }

  source(name: string): SettingSource | undefined {
    return this.sources.get(name);
  }
}
