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

/** Renders a form template by name to safe HTML, synchronously. */
export function renderFormTemplate(name: string, context: Record<string, unknown>): Markup {
  const template = formEnvironment().getTemplate(name);
  const html = drive(template.module.root(template.env.newContext(context)));
  if (typeof html !== 'string') {
    void Promise.resolve(html).catch(() => undefined);
    throw new FormError('HYPER_FORM_ASYNC_TEMPLATE', `The form template ${name} waited for a promise: form and widget templates render synchronously; load what they need before rendering (await form.prepare()).`);
  }
  return new Markup(html);
}
