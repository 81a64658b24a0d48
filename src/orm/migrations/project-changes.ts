// What makemigrations, squashmigrations and the pending-changes check share: the
// installed apps' migrations as a graph, the state they build, and the state of the
// models; and the warnings about operations that can lose data or fail on full tables.
import type { AppConfig } from '../../apps/app-config';
import { apps } from '../../apps/registry';
import { ManyToManyField } from '../fields/related';
import { optionsOf } from '../model/prepare';
import { allModels, appLabelOf } from '../model/registry';
import type { ModelClass } from '../model/types';
import type { DataLocation } from './data-at-risk';
import { needsDefault } from './autodetector';
import type { FieldSpec } from './field-specs';
import { MigrationGraph } from './graph';
import { loadMigrations } from './loader';
import type { Operation } from './operations/operation';
import { ProjectState } from './state';

export interface ProjectMigrations {
  configs: AppConfig[];
  graph: MigrationGraph;
  /** The state the migration files build. */
  from: ProjectState;
  /** The state of the project's models. */
  to: ProjectState;
}

export function loadProjectMigrations(): ProjectMigrations {
  const configs = apps.getAppConfigs();
  const graph = new MigrationGraph(loadMigrations(configs));
  const installed = new Set(configs.map((config) => config.label));
  const models = allModels().filter((model) => installed.has(appLabelOf(model) ?? ''));
  return { configs, graph, from: graph.state(), to: ProjectState.fromModels(models) };
}

const LOCKS = 'locks writes to the table while it builds: on a big table, create it with RunSQL(\'CREATE INDEX CONCURRENTLY ...\') in a migration with atomic: false.';

/** Whether adding this field builds an index: dbIndex, unique, or a foreign key. */
function buildsIndex(field: FieldSpec): boolean {
  return field.options.dbIndex === true || field.options.unique === true || field.type === 'ForeignKey' || field.type === 'OneToOneField';
}

/** A warning; for a drop, where the data it would lose lives, to count it before warning. */
export interface Risk {
  message: string;
  data?: DataLocation;
}

function fieldData(model: ModelClass, name: string): DataLocation {
  const field = optionsOf(model).getField(name);
  if (field instanceof ManyToManyField) return { table: optionsOf(field.through!).dbTable };
  return { table: optionsOf(model).dbTable, column: field.column };
}

/**
 * Operations that lose data or fail on a table with rows: printed as warnings, never
 * failing. `state` is the state before them, and is moved forward (pass the same one
 * for each planned migration, in order); `existing` holds the models that have tables now.
 */
export function riskyOperations(app: string, operations: readonly Operation[], state: ProjectState, existing: ReadonlySet<string>): Risk[] {
  const warnings: Risk[] = [];
  for (const operation of operations) {
    const args = operation.deconstruct() as { modelName?: string; name?: string; field?: FieldSpec };
    const key = `${app}.${(args.modelName ?? args.name ?? '').toLowerCase()}`;
    const old = state.models.get(key)?.field(args.name ?? '');
    switch (operation.operationName) {
      case 'AddField':
        if (existing.has(key) && needsDefault(args.field!)) warnings.push({ message: `Adding ${key}.${args.name}: a NOT NULL column with no default fails on a table that has rows.` });
        if (existing.has(key) && buildsIndex(args.field!)) warnings.push({ message: `Adding ${key}.${args.name} builds an index without CONCURRENTLY, which ${LOCKS}` });
        break;
      case 'AddIndex': {
        const index = (args as { index?: { name?: string } }).index;
        if (existing.has(key)) warnings.push({ message: `Creating index ${index?.name ?? ''} on ${key} without CONCURRENTLY ${LOCKS}` });
        break;
      }
      case 'AlterField':
        if (old?.options.null && !args.field!.options.null) warnings.push({ message: `Altering ${key}.${args.name} to NOT NULL fails while any row holds NULL in it.` });
        break;
      case 'RemoveField':
        if (existing.has(key)) warnings.push({ message: `Removing ${key}.${args.name} drops its column and the data in it`, data: fieldData(state.model(key), args.name!) });
        break;
      case 'DeleteModel':
        if (existing.has(key)) warnings.push({ message: `Deleting ${key} drops its table and the data in it`, data: { table: optionsOf(state.model(key)).dbTable } });
        break;
    }
    operation.stateForwards(app, state);
  }
  return warnings;
}
