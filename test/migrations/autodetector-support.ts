// Shared by the autodetector and writer suites: model states built from field
// factories (no model classes, so no registry), questioners, and a canonical JSON of states.
import type { AnyField } from '../../src/orm/fields';
import * as f from '../../src/orm/fields';
import { Migration, MigrationGraph, ModelState, ProjectState, specOf, type ModelStateOptions } from '../../src/orm/migrations';
import type { Operation } from '../../src/orm/migrations/operations/operation';
import type { Questioner } from '../../src/orm/migrations/questioner';

export function model(app: string, name: string, fields: Record<string, AnyField>, options: ModelStateOptions = {}): ModelState {
  return new ModelState(app, name, [['id', specOf(f.BigAutoField({ primaryKey: true }))], ...Object.entries(fields).map(([field, value]) => [field, specOf(value)] as const)], options);
}

export const state = (...models: ModelState[]) => new ProjectState(models);

/** A questioner that records the questions and answers from a table. */
export function answering(answers: { rename?: boolean; model?: boolean; default?: unknown } = {}): Questioner & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    askRenameField: async (app, modelName, oldName, newName) => (asked.push(`rename ${app}.${modelName}.${oldName}->${newName}`), answers.rename ?? false),
    askRenameModel: async (app, oldName, newName) => (asked.push(`rename ${app}.${oldName}->${newName}`), answers.model ?? false),
    askDefault: async (app, modelName, field) => (asked.push(`default ${app}.${modelName}.${field}`), answers.default ?? null),
  };
}

export const describeAll = (operations: readonly Operation[] | undefined) => (operations ?? []).map((operation) => operation.describe());

/** A state as sorted JSON: key order never matters; field order does unless `anyFieldOrder`. */
export function canonical(project: ProjectState, anyFieldOrder = false): string {
  const sort = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sort) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sort((value as Record<string, unknown>)[key])])) : value;
  return JSON.stringify(sort([...project.models.values()].sort((a, b) => a.key.localeCompare(b.key)).map((m) => ({ app: m.app, name: m.name, fields: anyFieldOrder ? [...m.fields].sort(([a], [b]) => a.localeCompare(b)) : m.fields, options: m.options }))), null, 1);
}

/** The state after applying per-app operations in order. */
export function replay(from: ProjectState, byApp: Map<string, Operation[]>): ProjectState {
  const next = from.clone();
  for (const [app, operations] of byApp) for (const operation of operations) operation.stateForwards(app, next);
  return next;
}

export function migration(app: string, name: string, operations: Operation[] = [], dependencies: Array<[string, string]> = []): Migration {
  const m = new Migration({ dependencies, operations });
  m.app = app;
  m.name = name;
  return m;
}

export const graphOf = (list: Migration[]) => new MigrationGraph(new Map(list.map((m) => [m.key, m])));
