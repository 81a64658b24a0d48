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
    /** The environment variables the settings module read through env.* ('DEBUG', 'SECRET_KEY'). */
    readonly envReads: ReadonlySet<string> = new Set(),
  ) {}

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.values, name);
  }

  source(name: string): SettingSource | undefined {
    return this.sources.get(name);
  }
}

/**
 * How to give a setting another value, from where its current one came: the
 * variable the settings module reads (a scaffolded project's `env.bool('DEBUG', true)`),
 * the HYPER_* variable, or the settings module itself. `value` as the user would write it: 'false'.
 */
export function howToSet(settings: LoadedSettings, name: string, value: string): string {
  const source = settings.source(name);
  const variable = `HYPER_${name}`;
  switch (source?.tier) {
    case 'environment':
      return `set ${variable}=${value} in the environment`;
    case 'dotenv':
      return `set ${variable}=${value} in .env`;
    case 'settings': {
      // The module's own env.* call wins over HYPER_*; a variable of the setting's name is taken to feed it.
      const read = [name, variable].find((candidate) => settings.envReads.has(candidate));
      if (read) return `set ${read}=${value} in the environment or .env (${source.detail} reads ${read})`;
      return source.detail === 'configure()' ? `pass ${name}: ${value} to configure()` : `set ${name}: ${value} in ${source.detail}`;
    }
    default:
      return `set ${name}: ${value} in the settings module, or ${variable}=${value} in the environment`;
  }
}
