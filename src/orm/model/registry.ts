// Which models exist: those exported from installed apps' models modules (found when
// the app registry has loaded them) and those that name their app in meta.appLabel.
import { apps } from '../../apps/registry';
import { ImproperlyConfigured, LookupError } from '../../core/errors';
import { didYouMean } from '../../core/suggest';
import type { ModelReference } from '../fields/related';
import type { ModelClass } from './types';

const byLabel = new Map<string, ModelClass>();
const appLabels = new Map<ModelClass, string>();
let scannedApps = new WeakSet<object>();

/** A model class: marked by model(), so that a project's copy of the framework is recognised too. */
export const MODEL_MARK = Symbol.for('hyperdjango.model');

export function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[MODEL_MARK] === true && value.prototype !== undefined;
}

function isAbstract(model: ModelClass): boolean {
  return (model as unknown as { isAbstractModel(): boolean }).isAbstractModel();
}

function isSwapped(model: ModelClass, appLabel: string): boolean {
  return (model as unknown as { swappedBy(appLabel: string): string | null }).swappedBy(appLabel) !== null;
}

/** Registers every model exported by installed apps' models modules (once per module). */
export function registerAppModels(): void {
  for (const config of apps.getAppConfigs()) {
    const exported = config.modelsModule as Record<string, unknown> | undefined;
    if (!exported || scannedApps.has(exported)) continue;
    scannedApps.add(exported);
    for (const value of Object.values(exported)) {
      if (isModelClass(value) && !appLabels.has(value) && !isAbstract(value) && !isSwapped(value, config.label)) registerModel(value, config.label);
    }
  }
}

export function registerModel(model: ModelClass, appLabel: string): void {
  const key = `${appLabel}.${model.name}`.toLowerCase();
  const existing = byLabel.get(key);
  if (existing && existing !== model) {
    throw new ImproperlyConfigured(`Conflicting '${model.name}' models in app '${appLabel}': two classes have that name.`);
  }
  byLabel.set(key, model);
  appLabels.set(model, appLabel);
}

/** The app label of a model: from the registry, else undefined. */
export function appLabelOf(model: ModelClass): string | undefined {
  if (!appLabels.has(model)) registerAppModels();
  return appLabels.get(model);
}

export function getModel(label: string): ModelClass {
  registerAppModels();
  const model = byLabel.get(label.toLowerCase());
  if (!model) {
    throw new LookupError(`No model '${label}' is installed.${didYouMean(label.toLowerCase(), byLabel.keys())}`, { code: 'HYPER_ORM_UNKNOWN_MODEL' });
  }
  return model;
}

export function allModels(): ModelClass[] {
  registerAppModels();
  return [...new Set(byLabel.values())];
}

/** Forgets every registration (tests). */
export function resetModelRegistry(): void {
  byLabel.clear();
  appLabels.clear();
  scannedApps = new WeakSet();
}

/** The model a reference names, seen from `from` ('self', a bare name in its app, 'app.Model', a thunk). */
export function resolveReference(reference: ModelReference, from: ModelClass): ModelClass {
  if (typeof reference === 'function') {
    const target = reference();
    if (!isModelClass(target)) throw new ImproperlyConfigured(`A relation of ${from.name} points at ${String(target)}, which is not a model.`);
    return target;
  }
  if (reference === 'self') return from;
  const label = reference.includes('.') ? reference : `${appLabelOf(from) ?? ''}.${reference}`;
  return getModel(label);
}
