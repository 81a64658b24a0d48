// Renders form and widget templates. The framework's templates (templates/forms/ of
// the package) come last: a project overrides one by putting a file of the same name
// in its TEMPLATES DIRS or an app's templates/, as Django's TemplatesSetting renderer.
// Rendering is synchronous, so that `{{ form.title }}` prints a widget in any
// template: a form template that would wait for a promise is refused with a clear error.
import * as path from 'node:path';
import { loadedSettings, onSettingChanged, settings, settingsConfigured } from '../conf/settings';
import { frameworkRoot } from '../core/framework-root';
import { drive } from '../template/drive';
import { buildLoader } from '../template/engine';
import { Environment } from '../template/environment';
import { ChoiceLoader, FileSystemLoader, type Loader } from '../template/loaders';
import { Markup } from '../template/markup';
import { FormError } from './errors';
import { FAST_TEMPLATES, type FastTemplate } from './fast-templates';
import { htmlattrs } from './widgets/attrs';

let environment: Environment | undefined;
/** The settings the environment was made from: configure() in a test makes new ones. */
let builtFor: object | null = null;

/** The environment form templates render in: the project's template folders, then the framework's. */
export function formEnvironment(): Environment {
  const current = settingsConfigured() ? loadedSettings() : null;
  if (environment && builtFor === current) return environment;
  builtFor = current;
  const loaders: Loader[] = [];
  if (settingsConfigured()) loaders.push(buildLoader());
  loaders.push(new FileSystemLoader([path.join(frameworkRoot(), 'templates')]));
  environment = new Environment({ loader: new ChoiceLoader(loaders), autoReload: settingsConfigured() && Boolean(settings.DEBUG), filters: { htmlattrs } });
  return environment;
}

onSettingChanged(({ setting }) => {
  if (setting === 'TEMPLATES' || setting === 'DEBUG' || setting === 'INSTALLED_APPS' || setting === 'BASE_DIR') environment = undefined;
});

/** Off in the suites that compare the functions with the engine's rendering of the same templates. */
let fastEnabled = true;

/** Turns the template functions off (or back on): every form template then renders through the engine. */
export function useFastTemplates(enabled: boolean): void {
  fastEnabled = enabled;
}

/** Per environment: the function standing for each template name, or null where the engine renders it. */
let fastFor: Map<string, FastTemplate | null> = new Map();
let fastEnvironment: Environment | undefined;

/**
 * The function for `name` while the template the environment finds under that name
 * is the framework's own file (a project's template of the same name wins, as for
 * the engine). Decided once per environment, which is made anew when TEMPLATES or
 * DEBUG change; under DEBUG's autoReload it is decided on each render, so that a
 * template added while runserver runs is used at once.
 */
function fastTemplate(env: Environment, name: string): FastTemplate | null {
  const fast = fastEnabled ? FAST_TEMPLATES.get(name) : undefined;
  if (!fast) return null;
  if (fastEnvironment !== env) {
    fastEnvironment = env;
    fastFor = new Map();
  }
  let chosen = env.autoReload ? undefined : fastFor.get(name);
  if (chosen === undefined) {
    const found = env.getTemplate(name).filename;
    chosen = found !== undefined && path.resolve(found) === path.join(frameworkRoot(), 'templates', name) ? fast : null;
    fastFor.set(name, chosen);
  }
  return chosen;
}

/** Whether `name` renders through its function (the framework's own template is the one found). */
export function rendersFast(name: string): boolean {
  return fastTemplate(formEnvironment(), name) !== null;
}

/** Renders a form template by name to safe HTML, synchronously. */
export function renderFormTemplate(name: string, context: Record<string, unknown>): Markup {
  const env = formEnvironment();
  const fast = fastTemplate(env, name);
  if (fast) {
    const html = fast(context);
    if (html !== null) return new Markup(html);
  }
  return renderWithEngine(env, name, context);
}

/** Renders through the template engine, whatever FAST_TEMPLATES has (tests compare the two). */
export function renderWithEngine(env: Environment, name: string, context: Record<string, unknown>): Markup {
  const template = env.getTemplate(name);
  const html = drive(template.module.root(template.env.newContext(context)));
  if (typeof html !== 'string') {
    void Promise.resolve(html).catch(() => undefined);
    throw new FormError('HYPER_FORM_ASYNC_TEMPLATE', `The form template ${name} waited for a promise: form and widget templates render synchronously; load what they need before rendering (await form.prepare()).`);
  }
  return new Markup(html);
}
