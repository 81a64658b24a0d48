// The base of migration operations. Each changes the state, and knows its SQL both
// ways (on historical models: `from` is the state before the operation, `to` after,
// for backwards too, as in Django).
import type { SchemaEditor } from '../schema-editor';
import type { ProjectState } from '../state';

export abstract class Operation {
  /** Whether it can be unapplied. */
  readonly reversible: boolean = true;

  /** Changes the state in place. */
  abstract stateForwards(app: string, state: ProjectState): void;
  abstract databaseForwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void>;
  /** `from` is the state after the operation (what the database has), `to` the state before it. */
  abstract databaseBackwards(app: string, editor: SchemaEditor, from: ProjectState, to: ProjectState): Promise<void>;
  /** One line for progress and plans: 'Create model Post'. */
  abstract describe(): string;
  /** The constructor's argument, for the writer. */
  abstract deconstruct(): Record<string, unknown>;

  get operationName(): string {
    return this.constructor.name;
  }
}

export const label = (app: string, model: string) => `${app}.${model}`;
