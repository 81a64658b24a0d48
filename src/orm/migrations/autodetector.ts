// The autodetector: a pure diff (no database) of the state the migration files build
// against the state of the project's models, as operations per app. Renames are asked
// (a removed and an added field with the same spec, a removed and an added model with
// the same fields); new NOT NULL fields of existing models ask for a one-off default.
import type { FieldSpec } from './field-specs';
import { compareSpecs } from './field-specs';
import * as ops from './operations';
import type { Operation } from './operations/operation';
import { optimize } from './optimizer';
import type { Questioner } from './questioner';
import { specTargets } from './references';
import type { ModelState, ModelStateOptions, ProjectState } from './state';

export interface AppOperation {
  app: string;
  operation: Operation;
}

export interface DetectedChanges {
  /** Each app's operations, in an order the database can apply. */
  byApp: Map<string, Operation[]>;
}

// The order operations are emitted in: renames first, deletions last, so that every
// operation finds what it needs (a new model before a field pointing at it, a removed
// relation before the model it pointed at goes).
const PHASE = {
  RenameModel: 0, CreateModel: 1, RenameField: 2, RemoveIndex: 3, RemoveConstraint: 3, RemoveUniqueTogether: 3, RemoveField: 4, AddField: 5,
  DeferredField: 6, AlterField: 7, AlterModelTable: 8, AlterModelOptions: 8, AddIndex: 9, AddConstraint: 9, AlterUniqueTogether: 9, DeleteModel: 10,
} as const;

const AUTO_TYPES = new Set(['AutoField', 'BigAutoField', 'ManyToManyField']);
const OPTION_KEYS = ops.AlterModelOptions.KEYS as readonly string[];
const json = (value: unknown) => JSON.stringify(value ?? null);

/** A field that cannot be added to a table with rows: NOT NULL, no default, no automatic value. */
export function needsDefault(spec: FieldSpec): boolean {
  const o = spec.options;
  return !o.null && o.default === undefined && !o.primaryKey && !o.autoNow && !o.autoNowAdd && !AUTO_TYPES.has(spec.type);
}

/** The same spec with one more option, keys kept sorted as specOf writes them. */
function withOption(spec: FieldSpec, key: string, value: unknown): FieldSpec {
  const options: Record<string, unknown> = { ...spec.options, [key]: value };
  return { type: spec.type, options: Object.fromEntries(Object.keys(options).sort().map((name) => [name, options[name]])) };
}

/** A model's fields with relations to itself written neutrally, to compare a renamed model. */
function shape(model: ModelState): string {
  const self = model.label.toLowerCase();
  return json(model.fields.map(([name, spec]) => [name, { ...spec, options: { ...spec.options, ...(typeof spec.options.to === 'string' && spec.options.to.toLowerCase() === self ? { to: '<self>' } : {}) } }]));
}

function pick(options: ModelStateOptions, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([key]) => keys.includes(key)));
}

class Detector {
  private readonly work: ProjectState;
  private readonly out: Array<AppOperation & { phase: number; seq: number }> = [];

  constructor(
    from: ProjectState,
    private readonly to: ProjectState,
    private readonly questioner: Questioner,
  ) {
    this.work = from.clone();
  }

  private emit(app: string, phase: number, operation: Operation): void {
    operation.stateForwards(app, this.work);
    this.out.push({ app, operation, phase, seq: this.out.length });
  }

  private added(): string[] {
    return [...this.to.models.keys()].filter((key) => !this.work.models.has(key)).sort();
  }

  private removed(): string[] {
    return [...this.work.models.keys()].filter((key) => !this.to.models.has(key)).sort();
  }

  async run(): Promise<AppOperation[]> {
    await this.renamedModels();
    this.createdModels();
    for (const key of [...this.to.models.keys()].sort()) if (this.work.models.has(key)) await this.changedModel(this.work.get(key), this.to.get(key));
    for (const key of this.removed()) {
      const model = this.work.get(key);
      this.emit(model.app, PHASE.DeleteModel, ops.DeleteModel({ name: model.name }));
    }
    return this.out.sort((a, b) => a.phase - b.phase || a.seq - b.seq).map(({ app, operation }) => ({ app, operation }));
  }

  private async renamedModels(): Promise<void> {
    for (const key of this.added()) {
      const next = this.to.get(key);
      for (const oldKey of this.removed()) {
        const old = this.work.get(oldKey);
        if (old.app !== next.app || shape(old) !== shape(next)) continue;
        if (await this.questioner.askRenameModel(old.app, old.name, next.name)) {
          this.emit(old.app, PHASE.RenameModel, ops.RenameModel({ oldName: old.name, newName: next.name }));
          break;
        }
      }
    }
  }

  /** New models, each after the new models it points at; a cycle within an app is closed by AddField after the creates. */
  private createdModels(): void {
    const pending = this.added().map((key) => this.to.get(key));
    const placed = new Set<string>();
    const newKeys = new Set(pending.map((model) => model.key));
    const blocking = (model: ModelState, [, spec]: readonly [string, FieldSpec]) =>
      specTargets(spec).some((target) => target !== model.key && newKeys.has(target) && !placed.has(target) && target.startsWith(`${model.app}.`));
    while (pending.length) {
      let index = pending.findIndex((model) => !model.fields.some((field) => blocking(model, field)));
      const cycle = index === -1;
      if (cycle) index = 0;
      const model = pending.splice(index, 1)[0];
      const deferred = cycle ? model.fields.filter((field) => blocking(model, field)) : [];
      const fields = model.fields.filter((field) => !deferred.includes(field));
      this.emit(model.app, PHASE.CreateModel, ops.CreateModel({ name: model.name, fields: [...fields], ...(Object.keys(model.options).length ? { options: model.options } : {}) }));
      for (const [name, spec] of deferred) this.emit(model.app, PHASE.DeferredField, ops.AddField({ modelName: model.name.toLowerCase(), name, field: spec }));
      placed.add(model.key);
    }
  }

  private async changedModel(before: ModelState, after: ModelState): Promise<void> {
    const app = after.app;
    const modelName = after.name.toLowerCase();
    // Renamed fields: a removed and an added field of the same spec.
    const removedNames = () => before.fields.map(([name]) => name).filter((name) => !after.field(name));
    for (const [name, spec] of after.fields) {
      if (this.work.get(after.key).field(name)) continue;
      for (const oldName of removedNames()) {
        const current = this.work.get(after.key);
        if (!current.field(oldName) || json(current.field(oldName)) !== json(spec)) continue;
        if (await this.questioner.askRenameField(app, after.name, oldName, name, spec)) {
          this.emit(app, PHASE.RenameField, ops.RenameField({ modelName, oldName, newName: name }));
          break;
        }
      }
    }
    const current = this.work.get(after.key);
    this.indexesAndConstraints(current, after, 'remove');
    for (const [name] of current.fields) if (!after.field(name)) this.emit(app, PHASE.RemoveField, ops.RemoveField({ modelName, name }));
    for (const [name, spec] of after.fields) {
      if (current.field(name)) continue;
      if (needsDefault(spec)) {
        const value = await this.questioner.askDefault(app, after.name, name, spec);
        this.emit(app, PHASE.AddField, ops.AddField({ modelName, name, field: withOption(spec, 'default', value) }));
        // The default only fills existing rows: the field itself has none.
        this.emit(app, PHASE.AlterField, ops.AlterField({ modelName, name, field: spec }));
      } else {
        this.emit(app, PHASE.AddField, ops.AddField({ modelName, name, field: spec }));
      }
    }
    for (const [name, spec] of after.fields) {
      const old = current.field(name);
      if (old && compareSpecs(old, spec).changed) this.emit(app, PHASE.AlterField, ops.AlterField({ modelName, name, field: spec }));
    }
    if ((current.options.dbTable ?? null) !== (after.options.dbTable ?? null)) {
      this.emit(app, PHASE.AlterModelTable, ops.AlterModelTable({ name: modelName, table: after.options.dbTable ?? null }));
    }
    if (json(pick(current.options, OPTION_KEYS)) !== json(pick(after.options, OPTION_KEYS))) {
      this.emit(app, PHASE.AlterModelOptions, ops.AlterModelOptions({ name: modelName, options: pick(after.options, OPTION_KEYS) }));
    }
    this.indexesAndConstraints(current, after, 'add');
    this.uniqueTogether(current, after);
  }

  /**
   * As Django: sets that go are dropped before fields are removed, sets that come are
   * added after fields are added, so each can name fields that exist at its moment.
   */
  private uniqueTogether(before: ModelState, after: ModelState): void {
    const old = before.options.uniqueTogether ?? [];
    const next = after.options.uniqueTogether ?? [];
    if (json(old) === json(next)) return;
    const name = after.name.toLowerCase();
    const kept = old.filter((names) => next.some((other) => json(other) === json(names)));
    if (kept.length < old.length) this.emit(after.app, PHASE.RemoveUniqueTogether, ops.AlterUniqueTogether({ name, uniqueTogether: kept }));
    if (json(kept) !== json(next)) this.emit(after.app, PHASE.AlterUniqueTogether, ops.AlterUniqueTogether({ name, uniqueTogether: next }));
  }

  private indexesAndConstraints(before: ModelState, after: ModelState, step: 'remove' | 'add'): void {
    const modelName = after.name.toLowerCase();
    const app = after.app;
    const byName = <T extends { name?: string }>(list: T[] | undefined) => new Map((list ?? []).map((item) => [item.name ?? json(item), item]));
    const oldIndexes = byName(before.options.indexes);
    const newIndexes = byName(after.options.indexes);
    const oldConstraints = byName(before.options.constraints);
    const newConstraints = byName(after.options.constraints);
    if (step === 'remove') {
      for (const [name, index] of oldIndexes) if (json(newIndexes.get(name)) !== json(index)) this.emit(app, PHASE.RemoveIndex, ops.RemoveIndex({ modelName, name }));
      for (const [name, constraint] of oldConstraints) if (json(newConstraints.get(name)) !== json(constraint)) this.emit(app, PHASE.RemoveConstraint, ops.RemoveConstraint({ modelName, name }));
      return;
    }
    // `before` is the state after the removals: whatever it lacks is added.
    const current = this.work.get(after.key);
    const have = byName(current.options.indexes);
    const haveConstraints = byName(current.options.constraints);
    for (const [name, index] of newIndexes) if (!have.has(name)) this.emit(app, PHASE.AddIndex, ops.AddIndex({ modelName, index }));
    for (const [name, constraint] of newConstraints) if (!haveConstraints.has(name)) this.emit(app, PHASE.AddConstraint, ops.AddConstraint({ modelName, constraint }));
  }
}

/** The operations that take `from` (the migrations' state) to `to` (the models'), per app, optimized. */
export async function detectChanges(from: ProjectState, to: ProjectState, questioner: Questioner): Promise<DetectedChanges> {
  const detector = new Detector(from, to, questioner);
  const operations = await detector.run();
  const byApp = new Map<string, Operation[]>();
  for (const { app, operation } of operations) byApp.set(app, [...(byApp.get(app) ?? []), operation]);
  for (const [app, list] of byApp) byApp.set(app, optimize(app, list));
  return { byApp: new Map([...byApp].sort(([a], [b]) => a.localeCompare(b))) };
}
