// The project's template engine, built from settings.TEMPLATES: DIRS (relative to
// BASE_DIR), then each installed app's templates/ when APP_DIRS is on, then the
// framework's templates/ (registration/ of the auth views), compiled
// templates cached and reloaded on change under DEBUG. renderToString() is what
// views use; registerFilter/Test/Global let apps and framework layers extend it.
import fs from 'node:fs';
import path from 'node:path';
import { apps } from '../apps/registry';
import { onSettingChanged, settings, settingsConfigured } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { frameworkRoot } from '../core/framework-root';
import { registeredContextProcessors, resolveContextProcessor, runContextProcessors, type ContextProcessor } from './context-processors';
import { Environment, type EnvironmentOptions } from './environment';
import type { FilterFunction, TestFunction } from './filters/types';
import { ChoiceLoader, FileSystemLoader, type Loader, type TemplateSource } from './loaders';
import type { Template } from './template';

/** The keys a TEMPLATES entry and its OPTIONS may have. */
export const TEMPLATES_KEYS = ['BACKEND', 'NAME', 'DIRS', 'APP_DIRS', 'OPTIONS'];
export const OPTIONS_KEYS = [
  'autoescape', 'undefined', 'contextProcessors', 'trimBlocks', 'lstripBlocks', 'keepTrailingNewline',
  'lineStatementPrefix', 'lineCommentPrefix', 'filters', 'tests', 'globals', 'autoReload',
];

export interface TemplatesEntry {
  DIRS?: string[];
  APP_DIRS?: boolean;
  OPTIONS?: Omit<EnvironmentOptions, 'loader'> & { contextProcessors?: Array<string | ContextProcessor> };
}

const extensions = {
  filters: Object.create(null) as Record<string, FilterFunction>,
  tests: Object.create(null) as Record<string, TestFunction>,
  globals: Object.create(null) as Record<string, unknown>,
};

let engine: Environment | undefined;
let processors: ContextProcessor[] = [];

/** The first TEMPLATES entry (hyper has one backend), or the default: app templates only. */
export function templatesEntry(): TemplatesEntry {
  const list = (settings.TEMPLATES ?? []) as TemplatesEntry[];
  return list[0] ?? { DIRS: [], APP_DIRS: true };
}

/** DIRS resolved against BASE_DIR. */
export function templateDirs(entry: TemplatesEntry = templatesEntry()): string[] {
  return (entry.DIRS ?? []).map((d) => path.resolve(String(settings.BASE_DIR), d));
}

/** Each installed app's templates/ folder that exists, asked at lookup time so app loading order does not matter. */
class AppDirectoriesLoader implements Loader {
  private dirs(): string[] {
    return apps
      .getAppConfigs()
      .map((app) => path.join(app.path, 'templates'))
      .filter((dir) => fs.existsSync(dir));
  }
  getSource(name: string): TemplateSource | null {
    return new FileSystemLoader(this.dirs()).getSource(name);
  }
  searchPath(): string[] {
    return this.dirs();
  }
  listTemplates(): string[] {
    return new FileSystemLoader(this.dirs()).listTemplates();
  }
}

export function buildLoader(entry: TemplatesEntry = templatesEntry()): Loader {
  const loaders: Loader[] = [new FileSystemLoader(templateDirs(entry))];
  if (entry.APP_DIRS) loaders.push(new AppDirectoriesLoader());
  // Last, the framework's own (registration/ for the auth views): a project's template of the same name wins.
  loaders.push(new FileSystemLoader([path.join(frameworkRoot(), 'templates')]));
  return new ChoiceLoader(loaders);
}

/** The engine configured by settings, created on first use. */
export function getEngine(): Environment {
  if (engine) return engine;
  const entry = templatesEntry();
  const options = entry.OPTIONS ?? {};
  const created = new Environment({
    ...options,
    loader: buildLoader(entry),
    autoReload: options.autoReload ?? Boolean(settings.DEBUG),
    filters: { ...extensions.filters, ...options.filters },
    tests: { ...extensions.tests, ...options.tests },
    globals: { ...extensions.globals, ...options.globals },
  });
  const baseDir = String(settings.BASE_DIR);
  const configured = options.contextProcessors ?? [];
  if (!Array.isArray(configured)) throw new ImproperlyConfigured('TEMPLATES OPTIONS.contextProcessors must be a list.');
  processors = configured.map((p) => resolveContextProcessor(p, baseDir));
  engine = created;
  return engine;
}

/** Forgets the engine (after settings change, and in tests). */
export function resetEngine(): void {
  engine = undefined;
  processors = [];
}

// The settings the engine is made from (DEBUG turns autoReload on, INSTALLED_APPS gives
// the app folders): overridden in a test, the next render uses a new engine.
const ENGINE_SETTINGS = new Set(['TEMPLATES', 'DEBUG', 'INSTALLED_APPS', 'BASE_DIR']);
onSettingChanged(({ setting }) => {
  if (ENGINE_SETTINGS.has(setting)) resetEngine();
});

/** A filter every template can use: `registerFilter('money', (v) => ...)`. */
export function registerFilter(name: string, fn: FilterFunction): void {
  extensions.filters[name] = fn;
  engine?.addFilter(name, fn);
}

export function registerTest(name: string, fn: TestFunction): void {
  extensions.tests[name] = fn;
  engine?.addTest(name, fn);
}

/** A global every template sees, e.g. `registerGlobal('url', reverse)` from the URL layer. */
export function registerGlobal(name: string, value: unknown): void {
  extensions.globals[name] = value;
  engine?.addGlobal(name, value);
}

export function getTemplate(name: string): Template {
  return getEngine().getTemplate(name);
}

/** The first of `names` that exists. */
export function selectTemplate(names: string[]): Template {
  return getEngine().selectTemplate(names) as Template;
}

/**
 * Renders a template by name (or the first of a list that exists). With a request,
 * the context also gets `request` and what the context processors return; the
 * view's own context wins over both.
 */
export async function renderToString(name: string | string[], context: Record<string, unknown> = {}, request?: unknown): Promise<string> {
  const env = getEngine();
  const template = env.selectTemplate(name) as Template;
  if (request === undefined) return template.render(context);
  const fromProcessors = await runContextProcessors([...processors, ...registeredContextProcessors()], request);
  return template.render({ request, ...fromProcessors, ...context });
}

let standalone: Environment | undefined;

/**
 * Compiles a template from a string: with the project's engine when settings are
 * configured (its filters, globals and includes), else with a default environment.
 */
export function fromString(source: string, name?: string): Template {
  const env = settingsConfigured() ? getEngine() : (standalone ??= new Environment({ filters: extensions.filters, tests: extensions.tests, globals: extensions.globals }));
  return env.fromString(source, name);
}
