// The check registry: checks register with tags (and as deploy checks when they only
// matter in production, or opt-in checks when only some commands need them);
// runChecks picks them by tag and app.
import type { AppConfig } from '../apps/app-config';
import type { LoadedSettings } from '../conf/loaded-settings';
import { displayPath } from '../core/display-path';
import { userFrame } from '../core/user-frame';
import { CheckMessage, Critical } from './messages';

export interface CheckContext {
  /** The apps to check, or null for all of them. */
  appConfigs: AppConfig[] | null;
  settings: LoadedSettings;
  /** Database aliases the checks may query (the database tag). */
  databases: string[];
}

export type CheckFunction = (context: CheckContext) => CheckMessage[] | Promise<CheckMessage[]>;

export interface RegisterOptions {
  /** Runs only with `hyper check --deploy`. */
  deploy?: boolean;
  /**
   * Runs only when a run asks for it: `hyper check` (all of them), `--tag` with one
   * of its tags, or a command whose `checkTags` name one (runserver and serve:
   * templates). A broken template then does not stop `migrate`.
   */
  optIn?: boolean;
}

interface RegisteredCheck {
  check: CheckFunction;
  tags: ReadonlySet<string>;
  deploy: boolean;
  optIn: boolean;
}

export const Tags = {
  apps: 'apps',
  settings: 'settings',
  security: 'security',
  compatibility: 'compatibility',
  database: 'database',
  models: 'models',
  urls: 'urls',
  templates: 'templates',
  staticfiles: 'staticfiles',
  caches: 'caches',
} as const;

export interface RunOptions extends Partial<CheckContext> {
  settings: LoadedSettings;
  tags?: string[];
  includeDeployChecks?: boolean;
  /** Which opt-in checks run besides those the tags select: all of them (true), or those with one of these tags. */
  includeOptIn?: boolean | readonly string[];
}

export class CheckRegistry {
  private readonly checks: RegisteredCheck[] = [];
  private readonly providers: Array<{ tags: ReadonlySet<string>; load: () => unknown }> = [];

  /**
   * Checks in a module that is loaded only when checks with one of `tags` run (or
   * the tags are listed): a command that runs other checks does not load it.
   */
  registerProvider(tags: string[], load: () => unknown): void {
    this.providers.push({ tags: new Set(tags), load });
  }

  private loadProviders(tags?: readonly string[]): void {
    for (const provider of [...this.providers]) {
      if (tags?.length && !tags.some((tag) => provider.tags.has(tag))) continue;
      this.providers.splice(this.providers.indexOf(provider), 1);
      provider.load();
    }
  }

  /** `register(check, 'security', { deploy: true })`. Registering the same check again only adds tags. */
  register(check: CheckFunction, ...tagsAndOptions: Array<string | RegisterOptions>): CheckFunction {
    const tags = tagsAndOptions.filter((item): item is string => typeof item === 'string');
    const options = tagsAndOptions.find((item): item is RegisterOptions => typeof item === 'object') ?? {};
    const existing = this.checks.find((entry) => entry.check === check);
    if (existing) {
      (existing.tags as Set<string>).forEach((tag) => tags.push(tag));
      this.checks.splice(this.checks.indexOf(existing), 1);
    }
    this.checks.push({ check, tags: new Set(tags), deploy: options.deploy ?? false, optIn: options.optIn ?? existing?.optIn ?? false });
    return check;
  }

  private selected(includeDeployChecks: boolean): RegisteredCheck[] {
    return this.checks.filter((entry) => includeDeployChecks || !entry.deploy);
  }

  async runChecks(options: RunOptions): Promise<CheckMessage[]> {
    this.loadProviders(options.tags);
    const context: CheckContext = {
      appConfigs: options.appConfigs ?? null,
      settings: options.settings,
      databases: options.databases ?? [],
    };
    const messages: CheckMessage[] = [];
    for (const entry of this.selected(options.includeDeployChecks ?? false)) {
      if (options.tags?.length && !options.tags.some((tag) => entry.tags.has(tag))) continue;
      if (entry.optIn && !optedIn(entry, options)) continue;
      // Database checks query a database: only when asked to (`--database`).
      if (entry.tags.has(Tags.database) && context.databases.length === 0) continue;
      try {
        messages.push(...(await entry.check(context)));
      } catch (error) {
        messages.push(crashed(entry.check, error));
      }
    }
    return messages;
  }

  tagExists(tag: string, includeDeployChecks = false): boolean {
    return this.tags(includeDeployChecks).includes(tag);
  }

  tags(includeDeployChecks = false): string[] {
    this.loadProviders();
    const tags = new Set(this.selected(includeDeployChecks).flatMap((entry) => [...entry.tags]));
    return [...tags].sort();
  }
}

function optedIn(entry: RegisteredCheck, options: RunOptions): boolean {
  const include = options.includeOptIn;
  if (include === true || options.tags?.length) return true; // asked for by tag, or everything
  return Array.isArray(include) && include.some((tag) => entry.tags.has(tag));
}

/** A check that throws is a bug in that check; report it rather than stop the others. */
function crashed(check: CheckFunction, error: unknown): CheckMessage {
  const frame = userFrame(error);
  const where = frame ? ` at ${displayPath(frame.file)}:${frame.line}` : '';
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Critical(`The system check ${check.name || '(anonymous)'} raised ${what}${where}.`, {
    id: 'checks.E001',
    hint: 'A check must return a list of messages, not throw.',
  });
}

/** The process's check registry. */
export const registry = new CheckRegistry();
export const register = registry.register.bind(registry);
