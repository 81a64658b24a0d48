// Operations the project writes by hand: RunSQL, RunCode, SeparateDatabaseAndState.
import type { Connection } from '../../../db';
import type { ModelClass } from '../../model/types';
import { MigrationError } from '../errors';
import type { SchemaEditor } from '../schema-editor';
import type { ProjectState } from '../state';
import { Operation } from './operation';

/** SQL written by the project, with its reverse (for migrate backwards). */
export class RunSQL extends Operation {
  readonly reversible: boolean;
  constructor(readonly args: { sql: string | string[]; reverseSql?: string | string[] }) {
    super();
    this.reversible = args.reverseSql !== undefined;
  }
  stateForwards(): void {}
  async databaseForwards(_app: string, editor: SchemaEditor): Promise<void> {
    for (const statement of [this.args.sql].flat()) await editor.execute(statement);
  }
  async databaseBackwards(_app: string, editor: SchemaEditor): Promise<void> {
    if (this.args.reverseSql === undefined) {
      throw new MigrationError('This RunSQL has no reverseSql, so it cannot be unapplied: give RunSQL({ sql, reverseSql }) (reverseSql: [] when there is nothing to undo).', { code: 'HYPER_MIGRATION_IRREVERSIBLE' });
    }
    for (const statement of [this.args.reverseSql].flat()) await editor.execute(statement);
  }
  describe(): string {
    return 'Raw SQL operation';
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}

export interface RunCodeContext {
  /** The models as this migration sees them: getModel('blog.Post'). */
  apps: { getModel(label: string): ModelClass };
  connection: Connection | null;
  editor: SchemaEditor;
}

/** A function of the historical models (data migrations); `reverse` to unapply. */
export class RunCode extends Operation {
  readonly reversible: boolean;
  constructor(readonly args: { code: (context: RunCodeContext) => unknown; reverse?: (context: RunCodeContext) => unknown }) {
    super();
    this.reversible = args.reverse !== undefined;
  }
  stateForwards(): void {}
  async databaseForwards(_app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    if (!editor.connection) return;
    await this.args.code({ apps: { getModel: (label) => to.model(label) }, connection: editor.connection, editor });
  }
  async databaseBackwards(_app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    if (!this.args.reverse) {
      throw new MigrationError('This RunCode has no reverse function, so it cannot be unapplied: give RunCode({ code, reverse }) (reverse: () => {} when there is nothing to undo).', { code: 'HYPER_MIGRATION_IRREVERSIBLE' });
    }
    if (!editor.connection) return;
    await this.args.reverse({ apps: { getModel: (label) => to.model(label) }, connection: editor.connection, editor });
  }
  describe(): string {
    return 'Raw code operation';
  }
  deconstruct(): Record<string, unknown> {
    return { code: this.args.code, reverse: this.args.reverse };
  }
}

/** Changes the state and the database differently (adopting a table, moving a model between apps). */
export class SeparateDatabaseAndState extends Operation {
  constructor(readonly args: { databaseOperations?: Operation[]; stateOperations?: Operation[] }) {
    super();
  }
  stateForwards(app: string, state: ProjectState): void {
    for (const operation of this.args.stateOperations ?? []) operation.stateForwards(app, state);
  }
  async databaseForwards(app: string, editor: SchemaEditor, from: ProjectState): Promise<void> {
    let current = from;
    for (const operation of this.args.databaseOperations ?? []) {
      const next = current.clone();
      operation.stateForwards(app, next);
      await operation.databaseForwards(app, editor, current, next);
      current = next;
    }
  }
  async databaseBackwards(app: string, editor: SchemaEditor, _from: ProjectState, to: ProjectState): Promise<void> {
    const states = [to];
    for (const operation of this.args.databaseOperations ?? []) {
      const next = states[states.length - 1].clone();
      operation.stateForwards(app, next);
      states.push(next);
    }
    const operations = this.args.databaseOperations ?? [];
    for (let index = operations.length - 1; index >= 0; index--) await operations[index].databaseBackwards(app, editor, states[index + 1], states[index]);
  }
  describe(): string {
    return 'Custom state/database change combination';
  }
  deconstruct(): Record<string, unknown> {
    return { ...this.args };
  }
}
