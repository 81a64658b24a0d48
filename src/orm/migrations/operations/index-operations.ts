// Indexes and constraints declared in a model's meta.
import type { ConstraintDefinition, IndexDefinition } from '../../model/types';
import { MigrationError } from '../errors';
import type { SchemaEditor } from '../schema-editor';
import type { ProjectState } from '../state';
import { label, Operation } from './operation';

function withIndexes(state: ProjectState, app: string, model: string, change: (indexes: IndexDefinition[]) => IndexDefinition[]): void {
  const current = state.get(label(app, model));
  const indexes = change([...(current.options.indexes ?? [])]);
  const { indexes: _old, ...rest } = current.options;
  state.put(current.with({ options: indexes.length ? { ...rest, indexes } : rest }));
}

function withConstraints(state: ProjectState, app: string, model: string, change: (constraints: ConstraintDefinition[]) => ConstraintDefinition[]): void {
  const current = state.get(label(app, model));
  const constraints = change([...(current.options.constraints ?? [])]);
  const { constraints: _old, ...rest } = current.options;
  state.put(current.with({ options: constraints.length ? { ...rest, constraints } : rest }));
}

function findIndex(state: ProjectState, app: string, model: string, name: string): IndexDefinition {
  const found = (state.get(label(app, model)).options.indexes ?? []).find((index) => index.name === name);
  if (!found) {
    throw new MigrationError(`${model} has no index named '${name}' in the migration state: check the name, or that an earlier migration of '${app}' adds it.`, { code: 'HYPER_MIGRATION_UNKNOWN_INDEX' });
  }
  return found;
}

function findConstraint(state: ProjectState, app: string, model: string, name: string): ConstraintDefinition {
  const found = (state.get(label(app, model)).options.constraints ?? []).find((constraint) => constraint.name === name);
  if (!found) {
    throw new MigrationError(`${model} has no constraint named '${name}' in the migration state: check the name, or that an earlier migration of '${app}' adds it.`, { code: 'HYPER_MIGRATION_UNKNOWN_CONSTRAINT' });
  }
  return found;
}

export class AddIndex extends Operation {
  constructor(readonly args: { modelName: string; index: IndexDefinition }) {
    super();
    if (!args.index.name) throw new MigrationError(`AddIndex on ${args.modelName} needs the index's name: Index({ fields: [...], name: '...' }).`, { code: 'HYPER_MIGRATION_INDEX_NAME_REQUIRED' });
  }
  stateForwards(app: string, state: ProjectState): void {
    withIndexes(state, app, this.args.modelName, (indexes) => [...indexes, this.args.index]);
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addIndex(to.model(label(app, this.args.modelName)), this.args.index);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeIndex(from.model(label(app, this.args.modelName)), this.args.index);
  }
  describe(): string {
    return `Create index ${this.args.index.name} on ${this.args.index.fields.join(', ')} on model ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export class RemoveIndex extends Operation {
  constructor(readonly args: { modelName: string; name: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    withIndexes(state, app, this.args.modelName, (indexes) => indexes.filter((index) => index.name !== this.args.name));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeIndex(from.model(label(app, this.args.modelName)), findIndex(from, app, this.args.modelName, this.args.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addIndex(to.model(label(app, this.args.modelName)), findIndex(to, app, this.args.modelName, this.args.name));
  }
  describe(): string {
    return `Remove index ${this.args.name} from ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export class RenameIndex extends Operation {
  constructor(readonly args: { modelName: string; oldName: string; newName: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    withIndexes(state, app, this.args.modelName, (indexes) => indexes.map((index) => (index.name === this.args.oldName ? { ...index, name: this.args.newName } : index)));
  }
  async databaseForwards(_app: string, editor: SchemaEditor): Promise<void> {
    await editor.renameIndex(this.args.oldName, this.args.newName);
  }
  async databaseBackwards(_app: string, editor: SchemaEditor): Promise<void> {
    await editor.renameIndex(this.args.newName, this.args.oldName);
  }
  describe(): string {
    return `Rename index ${this.args.oldName} on ${this.args.modelName} to ${this.args.newName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export class AddConstraint extends Operation {
  constructor(readonly args: { modelName: string; constraint: ConstraintDefinition }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    withConstraints(state, app, this.args.modelName, (constraints) => [...constraints, this.args.constraint]);
  }
  async databaseForwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addConstraint(to.model(label(app, this.args.modelName)), this.args.constraint);
  }
  async databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeConstraint(from.model(label(app, this.args.modelName)), this.args.constraint);
  }
  describe(): string {
    return `Create constraint ${this.args.constraint.name} on model ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export class RemoveConstraint extends Operation {
  constructor(readonly args: { modelName: string; name: string }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    withConstraints(state, app, this.args.modelName, (constraints) => constraints.filter((constraint) => constraint.name !== this.args.name));
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    await editor.removeConstraint(from.model(label(app, this.args.modelName)), findConstraint(from, app, this.args.modelName, this.args.name));
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    await editor.addConstraint(to.model(label(app, this.args.modelName)), findConstraint(to, app, this.args.modelName, this.args.name));
  }
  describe(): string {
    return `Remove constraint ${this.args.name} from model ${this.args.modelName}`;
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

