// Operations on whole models: create, delete, rename, move to another table, change options.
import type { AnyField } from '../../fields/field';
import { optionsOf } from '../../model/prepare';
import { specOf, type FieldSpec } from '../field-specs';
import type { SchemaEditor } from '../schema-editor';
import { ModelState, type ModelStateOptions, type ProjectState } from '../state';
import { label, Operation } from './operation';

type FieldInput = readonly [string, AnyField | FieldSpec];

export const toSpec = (field: AnyField | FieldSpec): FieldSpec => ('type' in field && 'options' in field && !('dbType' in field) ? field : specOf(field as AnyField));

export class CreateModel extends Operation {
  readonly name: string;
  readonly fields: ReadonlyArray<readonly [string, FieldSpec]>;
  readonly options: ModelStateOptions;

  constructor(args: { name: string; fields: FieldInput[]; options?: ModelStateOptions }) {
    super();
    this.name = args.name;
    this.fields = args.fields.map(([name, field]) => [name, toSpec(field)] as const);
    this.options = args.options ?? {};
  }
  stateForwards(app: string, state: ProjectState): void {
    state.put(new ModelState(app, this.name, this.fields, this.options));
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.createModel(to.model(label(app, this.name)));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.deleteModel(from.model(label(app, this.name)));
  }
  describe(): string {
    return `Create model ${this.name}`;
  }
  deconstruct(): Record<string, unknown> {
    return { name: this.name, fields: this.fields, ...(Object.keys(this.options).length ? { options: this.options } : {}) };
  }
}

export class DeleteModel extends Operation {
  constructor(readonly args: { name: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    state.remove(label(app, this.args.name));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.deleteModel(from.model(label(app, this.args.name)));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.createModel(to.model(label(app, this.args.name)));
  }
  describe(): string {
    return `Delete model ${this.args.name}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

/** Renames a model: its table when it was named after the model, and every relation's label pointing at it. */
export class RenameModel extends Operation {
  constructor(readonly args: { oldName: string; newName: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    renameModelState(state, app, this.args.oldName, this.args.newName);
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, to, label(app, this.args.oldName), label(app, this.args.newName));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, to, label(app, this.args.newName), label(app, this.args.oldName));
  }
  describe(): string {
    return `Rename model ${this.args.oldName} to ${this.args.newName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

function renameModelState(state: ProjectState, app: string, oldName: string, newName: string): void {
  const old = state.get(label(app, oldName));
  state.remove(old.key);
  state.put(old.with({ name: newName }));
  const oldLabel = label(app, oldName).toLowerCase();
  for (const model of [...state.models.values()]) {
    let touched = false;
    const fields = model.fields.map(([name, spec]) => {
      if (typeof spec.options.to === 'string' && spec.options.to.toLowerCase() === oldLabel) {
        touched = true;
        return [name, { ...spec, options: { ...spec.options, to: label(app, newName) } }] as const;
      }
      return [name, spec] as const;
    });
    if (touched) state.put(model.with({ fields }));
  }
}

async function renameTables(editor: SchemaEditor, from: ProjectState, to: ProjectState, fromLabel: string, toLabel: string): Promise<void> {
  const before = optionsOf(from.model(fromLabel));
  const after = optionsOf(to.model(toLabel));
  await editor.renameTable(before.dbTable, after.dbTable);
  // The pairs tables of its many-to-many fields are named after the table too.
  for (const field of before.manyToManyFields) {
    const next = after.manyToManyFields.find((candidate) => candidate.name === field.name);
    if (next && !field.options.through) await editor.renameTable(optionsOf(field.through!).dbTable, optionsOf(next.through!).dbTable);
  }
}

export class AlterModelTable extends Operation {
  constructor(readonly args: { name: string; table: string | null }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.name));
    const { dbTable: _old, ...rest } = model.options;
    state.put(model.with({ options: this.args.table ? { ...rest, dbTable: this.args.table } : rest }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, to, label(app, this.args.name), label(app, this.args.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await renameTables(editor, from, to, label(app, this.args.name), label(app, this.args.name));
  }
  describe(): string {
    return `Rename table for ${this.args.name} to ${this.args.table ?? '(default)'}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

/** Options with no effect on the database: ordering, verbose names, getLatestBy. */
export class AlterModelOptions extends Operation {
  static readonly KEYS = ['ordering', 'verboseName', 'verboseNamePlural', 'getLatestBy'] as const;
  constructor(readonly args: { name: string; options: ModelStateOptions }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.name));
    const kept = Object.fromEntries(Object.entries(model.options).filter(([key]) => !(AlterModelOptions.KEYS as readonly string[]).includes(key)));
    state.put(model.with({ options: { ...kept, ...this.args.options } }));
  }
  async databaseForwards(): Promise<void> {}
  async databaseBackwards(): Promise<void> {}
  describe(): string {
    return `Change Meta options on ${this.args.name}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

/**
 * Sets a model's uniqueTogether: the sets no longer listed are dropped and the new
 * ones added, as named UNIQUE constraints (`<table>_<columns>_uniq`).
 */
export class AlterUniqueTogether extends Operation {
  constructor(readonly args: { name: string; uniqueTogether: string[][] }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.name));
    const { uniqueTogether: _old, ...rest } = model.options;
    state.put(model.with({ options: this.args.uniqueTogether.length ? { ...rest, uniqueTogether: this.args.uniqueTogether } : rest }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    const key = label(app, this.args.name);
    await editor.alterUniqueTogether(from.model(key), to.model(key));
  }
  /** The same change, from the state after the operation to the one before it. */
  databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    return this.databaseForwards(app, editor, from, to);
  }
  describe(): string {
    const sets = this.args.uniqueTogether.map((names) => `(${names.join(', ')})`).join(', ');
    return `Alter unique_together for ${this.args.name} (${sets || 'none'})`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}
