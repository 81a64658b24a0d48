// What the handlers of an alias-keyed setting (CACHES, STORAGES) share, as Django's
// BaseConnectionHandler: each alias's object is built on first use and kept until the
// settings change (a test's overrideSettings), after which the next get() builds anew.
import { ImproperlyConfigured } from '../core/errors';
import { closestMatch } from '../core/suggest';
import { settingsVersion } from './settings';

export interface AliasHandlerSpec<E, T> {
  /** The setting's name, for the message of an unknown alias. */
  setting: string;
  /** The error code of an unknown alias. */
  unknownAliasCode: string;
  /** The setting's entries as they are now. */
  entries: () => Record<string, E>;
  create: (alias: string, entry: E) => T;
  /** Called with each object a settings change leaves behind. */
  discard?: (old: T) => void;
}

export class AliasHandler<E, T> {
  private built = new Map<string, T>();
  private version = -1;

  constructor(private readonly spec: AliasHandlerSpec<E, T>) {}

  /** The object of an alias of the setting, built on first use. */
  get(alias: string): T {
    if (this.version !== settingsVersion()) {
      if (this.spec.discard) for (const old of this.built.values()) this.spec.discard(old);
      this.built = new Map();
      this.version = settingsVersion();
    }
    const done = this.built.get(alias);
    if (done) return done;
    const entries = this.spec.entries();
    const entry = Object.prototype.hasOwnProperty.call(entries, alias) ? entries[alias] : undefined;
    if (!entry) {
      const match = closestMatch(alias, Object.keys(entries));
      throw new ImproperlyConfigured(`Could not find config for '${alias}' in ${this.spec.setting}.${match ? ` Did you mean '${match}'?` : ''} The aliases are: ${Object.keys(entries).join(', ')}.`, { code: this.spec.unknownAliasCode });
    }
    const made = this.spec.create(alias, entry);
    this.built.set(alias, made);
    return made;
  }

  /** The aliases of the setting. */
  get aliases(): string[] {
    return Object.keys(this.spec.entries());
  }

  /** Forgets every built object and gives them back (to close them). */
  protected takeAll(): T[] {
    const all = [...this.built.values()];
    this.built = new Map();
    return all;
  }
}
