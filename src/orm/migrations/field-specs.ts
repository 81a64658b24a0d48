// A field as migrations see it: its type name and its options, plain data (relations
// by 'app.Model' label), so states can be compared, written to files and rebuilt.
import { didYouMean } from '../../core/suggest';
import type { AnyField } from '../fields/field';
import * as files from '../fields/files';
import * as misc from '../fields/misc';
import * as numeric from '../fields/numeric';
import * as related from '../fields/related';
import * as temporal from '../fields/temporal';
import * as text from '../fields/text';
import type { ModelClass } from '../model/types';
import { optionsOf } from '../model/prepare';
import { callableOf, describeCallable, isCallableDefault } from './callable-defaults';
import { MigrationError } from './errors';

export interface FieldSpec {
  type: string;
  options: Record<string, unknown>;
}

type FieldConstructor = new (...args: never[]) => AnyField;

/** Every field class migrations can rebuild, by type name. */
export const FIELD_CLASSES: Record<string, FieldConstructor> = Object.fromEntries(
  [files, misc, numeric, related, temporal, text].flatMap((module) =>
    Object.entries(module).filter(([name, value]) => typeof value === 'function' && /Field$|^ForeignKey$/.test(name) && name !== 'RelatedField'),
  ),
) as Record<string, FieldConstructor>;

/** Options that change nothing in the database; a change of only these still makes an AlterField, with no SQL. */
export const STATE_ONLY_OPTIONS = new Set(['blank', 'choices', 'editable', 'helpText', 'verboseName', 'validators', 'relatedName', 'relatedQueryName', 'default', 'autoNow', 'autoNowAdd', 'protocol', 'uploadTo', 'storage', 'widthField', 'heightField']);

/** A value a migration file can hold: JSON-like data (a function default is described apart). */
function serializable(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(serializable);
  if (value instanceof Date) return true;
  if (typeof value === 'object') return Object.values(value).every(serializable);
  return false;
}

export function specOf(field: AnyField): FieldSpec {
  const options: Record<string, unknown> = {};
  const raw = field.options as Record<string, unknown>;
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key];
    if (value === undefined || key === 'validators') continue;
    // A storage object or an uploadTo function changes no column: only an alias is written down.
    if ((key === 'storage' || key === 'uploadTo') && typeof value !== 'string') continue;
    if (key === 'default' && typeof value === 'function') options.default = describeCallable(value);
    else if (key === 'through' && typeof value === 'function') options.through = labelOf((field as related.ManyToManyField).declaredThrough()!);
    else if (serializable(value)) options[key] = value;
  }
  // A field in a migration file names its target by label; a project's field by class.
  // 'self' and bare names ('Author') only mean something next to their model: write the full label.
  const relative = (to: unknown) => typeof to === 'string' && !to.includes('.') && field.model !== undefined;
  if (field instanceof related.ForeignKey || field instanceof related.ManyToManyField) options.to = typeof field.to === 'string' && !relative(field.to) ? field.to : labelOf(field.target);
  if (field instanceof related.ManyToManyField && typeof field.options.through === 'string') options.through = relative(field.options.through) ? labelOf(field.declaredThrough()!) : field.options.through;
  if (field instanceof misc.ArrayField) options.baseField = specOf(field.baseField);
  return { type: field.typeName, options };
}

export function labelOf(model: ModelClass): string {
  return optionsOf(model).label;
}

/** Rebuilds a field from its spec; `resolve` finds the models that relations point at. */
export function fieldFromSpec(spec: FieldSpec, resolve: (label: string) => ModelClass): AnyField {
  const Class = FIELD_CLASSES[spec.type];
  if (!Class) {
    const known = Object.keys(FIELD_CLASSES);
    throw new MigrationError(`Unknown field type '${spec.type}' in a migration.${didYouMean(spec.type, known)} A migration names one of the framework's field types: ${known.join(', ')}.`, { code: 'HYPER_MIGRATION_UNKNOWN_FIELD_TYPE' });
  }
  const { to, baseField, through, ...rest } = spec.options;
  const options: Record<string, unknown> = { ...rest };
  if (isCallableDefault(options.default)) options.default = callableOf(options.default);
  if (through) options.through = () => resolve(through as string);
  if (to !== undefined) return new (Class as unknown as new (to: () => ModelClass, o: unknown) => AnyField)(() => resolve(to as string), options);
  if (baseField) return new (Class as unknown as new (base: AnyField, o: unknown) => AnyField)(fieldFromSpec(baseField as FieldSpec, resolve), options);
  return new (Class as unknown as new (o: unknown) => AnyField)(options);
}

/** Whether two specs differ, and whether any difference reaches the database. */
export function compareSpecs(a: FieldSpec, b: FieldSpec): { changed: boolean; schema: boolean } {
  if (a.type !== b.type) return { changed: true, schema: true };
  const keys = new Set([...Object.keys(a.options), ...Object.keys(b.options)]);
  let changed = false;
  let schema = false;
  for (const key of keys) {
    if (JSON.stringify(a.options[key]) === JSON.stringify(b.options[key])) continue;
    changed = true;
    if (!STATE_ONLY_OPTIONS.has(key)) schema = true;
  }
  return { changed, schema };
}
