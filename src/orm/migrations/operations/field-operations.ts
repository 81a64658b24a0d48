// Operations on one field of a model: add, remove, alter, rename.
import type { AnyField } from '../../fields/field';
import { optionsOf } from '../../model/prepare';
import type { FieldSpec } from '../field-specs';
import type { SchemaEditor } from '../schema-editor';
import type { ModelState, ProjectState } from '../state';
import { toSpec } from './model-operations';
import { label, Operation } from './operation';

function fieldOf(state: ProjectState, app: string, model: string, name: string): AnyField {
  return optionsOf(state.model(label(app, model))).getField(name);
}

function replaceFields(model: ModelState, fields: ReadonlyArray<readonly [string, FieldSpec]>): ModelState {
  return model.with({ fields });
}

export class AddField extends Operation {
  readonly field: FieldSpec;
  constructor(readonly args: { modelName: string; name: string; field: AnyField | FieldSpec }) {
    super();
    this.field = toSpec(args.field);
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.modelName));
    state.put(replaceFields(model, [...model.fields.filter(([name]) => name !== this.args.name), [this.args.name, this.field]]));
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addField(to.model(label(app, this.args.modelName)), fieldOf(to, app, this.args.modelName, this.args.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeField(from.model(label(app, this.args.modelName)), fieldOf(from, app, this.args.modelName, this.args.name));
  }
  describe(): string {
    return `Add field ${this.args.name} to ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.args.modelName, name: this.args.name, field: this.field };
  }
}

export class RemoveField extends Operation {
  constructor(readonly args: { modelName: string; name: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.modelName));
    state.put(replaceFields(model, model.fields.filter(([name]) => name !== this.args.name)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeField(from.model(label(app, this.args.modelName)), fieldOf(from, app, this.args.modelName, this.args.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addField(to.model(label(app, this.args.modelName)), fieldOf(to, app, this.args.modelName, this.args.name));
  }
  describe(): string {
    return `Remove field ${this.args.name} from ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export class AlterField extends Operation {
  readonly field: FieldSpec;
  constructor(readonly args: { modelName: string; name: string; field: AnyField | FieldSpec }) {
    super();
    this.field = toSpec(args.field);
  }
  stateForwards(app: string, state: ProjectState): void {
    const model = state.get(label(app, this.args.modelName));
    state.put(replaceFields(model, model.fields.map(([name, spec]) => [name, name === this.args.name ? this.field : spec] as const)));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    const model = to.model(label(app, this.args.modelName));
    await editor.alterField(model, fieldOf(from, app, this.args.modelName, this.args.name), fieldOf(to, app, this.args.modelName, this.args.name));
  }
  /** The same change, from the state after the operation to the one before it. */
  databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    return this.databaseForwards(app, editor, from, to);
  }
  describe(): string {
    return `Alter field ${this.args.name} on ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { modelName: this.args.modelName, name: this.args.name, field: this.field };
  }
}

/** Renames a field (and its column when the column was named after it), and its mentions in the model's options. */
export class RenameField extends Operation {
  constructor(readonly args: { modelName: string; oldName: string; newName: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    const { oldName, newName } = this.args;
    const model = state.get(label(app, this.args.modelName));
    const rename = (name: string) => (name === oldName ? newName : name.replace(new RegExp(`^(-?)${oldName}(__|$)`), `$1${newName}$2`));
    const options = { ...model.options };
    if (options.ordering) options.ordering = options.ordering.map(rename);
    if (options.indexes) options.indexes = options.indexes.map((index) => ({ ...index, fields: index.fields.map(rename) }));
    if (options.uniqueTogether) options.uniqueTogether = options.uniqueTogether.map((names) => names.map(rename));
    if (options.constraints) options.constraints = options.constraints.map((constraint) => (constraint.kind === 'unique' ? { ...constraint, fields: constraint.fields.map(rename) } : constraint));
    state.put(model.with({ fields: model.fields.map(([name, spec]) => [name === oldName ? newName : name, spec] as const), options }));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.renameField(to.model(label(app, this.args.modelName)), fieldOf(from, app, this.args.modelName, this.args.oldName), fieldOf(to, app, this.args.modelName, this.args.newName));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void> {
    await editor.renameField(to.model(label(app, this.args.modelName)), fieldOf(from, app, this.args.modelName, this.args.newName), fieldOf(to, app, this.args.modelName, this.args.oldName));
  }
  describe(): string {
    return `Rename field ${this.args.oldName} on ${this.args.modelName} to ${this.args.newName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}
