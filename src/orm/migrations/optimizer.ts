// Folds a list of one app's operations into a shorter one with the same effect, as
// Django's optimizer does: create then add field -> one create; add then remove ->
// nothing; create then delete -> nothing; alter after add -> add. Two operations
// fold only when nothing between them touches the models they touch (hand-written
// RunSQL/RunCode touch everything), so the order the database sees stays valid.
import { compareSpecs, type FieldSpec } from './field-specs';
import * as ops from './operations';
import type { Operation } from './operations/operation';
import { ANY_MODEL, modelsOf, subjectOf } from './references';
import { ProjectState } from './state';

type Args = Record<string, unknown>;

const FOLD_INTO_CREATE = new Set(['AddField', 'RemoveField', 'AlterField', 'RenameField', 'RenameModel', 'AlterModelOptions', 'AlterModelTable', 'AddIndex', 'RemoveIndex', 'RenameIndex', 'AddConstraint', 'RemoveConstraint']);

/** A field that would fail on existing rows without the default the add carried (a one-off default). */
function dropsNeededDefault(added: FieldSpec, altered: FieldSpec): boolean {
  return added.options.default !== undefined && altered.options.default === undefined && !altered.options.null;
}

function reduce(app: string, left: Operation, right: Operation): Operation[] | undefined {
  const l = left.deconstruct() as Args;
  const r = right.deconstruct() as Args;
  const sameModel = subjectOf(app, left) === subjectOf(app, right);
  if (!sameModel) return undefined;
  switch (left.operationName) {
    case 'CreateModel': {
      if (right.operationName === 'DeleteModel') return [];
      if (!FOLD_INTO_CREATE.has(right.operationName)) return undefined;
      // Replaying both on a state of this one model gives the model they make together.
      const state = new ProjectState();
      left.stateForwards(app, state);
      right.stateForwards(app, state);
      const [model] = state.models.values();
      return [ops.CreateModel({ name: model.name, fields: model.fields.map(([name, spec]) => [name, spec] as const), ...(Object.keys(model.options).length ? { options: model.options } : {}) })];
    }
    case 'AddField': {
      if (r.name !== l.name && r.oldName !== l.name) return undefined;
      if (right.operationName === 'RemoveField') return [];
      if (right.operationName === 'AlterField') return dropsNeededDefault(l.field as FieldSpec, r.field as FieldSpec) ? undefined : [ops.AddField({ modelName: l.modelName as string, name: l.name as string, field: r.field as FieldSpec })];
      if (right.operationName === 'RenameField') return [ops.AddField({ modelName: l.modelName as string, name: r.newName as string, field: l.field as FieldSpec })];
      return undefined;
    }
    case 'AlterField': {
      if (r.name !== l.name) return undefined;
      if (right.operationName === 'AlterField') return compareSpecs(l.field as FieldSpec, r.field as FieldSpec).changed ? [right] : [left];
      if (right.operationName === 'RemoveField') return [right];
      return undefined;
    }
    case 'RenameField': {
      if (right.operationName !== 'RenameField' || r.oldName !== l.newName) return undefined;
      return l.oldName === r.newName ? [] : [ops.RenameField({ modelName: l.modelName as string, oldName: l.oldName as string, newName: r.newName as string })];
    }
    case 'AddIndex':
      return right.operationName === 'RemoveIndex' && r.name === (l.index as { name?: string }).name ? [] : undefined;
    case 'AddConstraint':
      return right.operationName === 'RemoveConstraint' && r.name === (l.constraint as { name: string }).name ? [] : undefined;
    default:
      return undefined;
  }
}

function optimizeOnce(app: string, list: readonly Operation[]): Operation[] | undefined {
  for (let i = 0; i < list.length; i++) {
    const leftModels = modelsOf(app, list[i]);
    if (leftModels.includes(ANY_MODEL)) continue;
    for (let j = i + 1; j < list.length; j++) {
      const rightModels = modelsOf(app, list[j]);
      const result = reduce(app, list[i], list[j]);
      if (result) {
        const guarded = new Set([...leftModels, ...rightModels]);
        const between = list.slice(i + 1, j);
        if (between.every((operation) => !modelsOf(app, operation).some((model) => model === ANY_MODEL || guarded.has(model)))) {
          return [...list.slice(0, i), ...result, ...between, ...list.slice(j + 1)];
        }
      }
      // Nothing folds across an operation that touches the left one's models.
      if (rightModels.some((model) => model === ANY_MODEL || leftModels.includes(model))) break;
    }
  }
  return undefined;
}

/** The shortest equivalent list this optimizer finds for one app's operations. */
export function optimize(app: string, operations: readonly Operation[]): Operation[] {
  let current = [...operations];
  for (;;) {
    const next = optimizeOnce(app, current);
    if (!next) return current;
    current = next;
  }
}
