// Which models an operation touches, by state key ('blog.post'): what the optimizer may
// not fold across and what a generated migration depends on.
import type { FieldSpec } from './field-specs';
import type { Operation } from './operations/operation';

/** The models a field points at (to, through, an array's base field), as state keys. */
export function specTargets(spec: FieldSpec): string[] {
  const out: string[] = [];
  for (const key of ['to', 'through']) if (typeof spec.options[key] === 'string') out.push(spec.options[key].toLowerCase());
  if (spec.options.baseField) out.push(...specTargets(spec.options.baseField as FieldSpec));
  return out;
}

export const ANY_MODEL = '*';

/** The model an operation is about, as a state key; undefined for RunSQL and friends. */
export function subjectOf(app: string, operation: Operation): string | undefined {
  const a = operation.deconstruct();
  const name = (a.modelName ?? a.name ?? a.oldName) as string | undefined;
  if (['RunSQL', 'RunCode', 'SeparateDatabaseAndState'].includes(operation.operationName) || typeof name !== 'string') return undefined;
  return `${app}.${name}`.toLowerCase();
}

/** The fields an operation carries: CreateModel's, AddField's and AlterField's. */
export function fieldsOf(operation: Operation): FieldSpec[] {
  const a = operation.deconstruct() as { fields?: Array<readonly [string, FieldSpec]>; field?: FieldSpec };
  if (operation.operationName === 'CreateModel') return (a.fields ?? []).map(([, spec]) => spec);
  if (operation.operationName === 'AddField' || operation.operationName === 'AlterField') return a.field ? [a.field] : [];
  return [];
}

/** Every model an operation touches: its subject, its relations' targets, both names of a rename; ANY_MODEL for hand-written ones. */
export function modelsOf(app: string, operation: Operation): string[] {
  const subject = subjectOf(app, operation);
  if (!subject) return [ANY_MODEL];
  const out = [subject, ...fieldsOf(operation).flatMap(specTargets)];
  if (operation.operationName === 'RenameModel') out.push(`${app}.${(operation.deconstruct().newName as string)}`.toLowerCase());
  return [...new Set(out)];
}
