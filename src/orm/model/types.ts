// Shared shapes of the model layer, kept apart so fields, options and queries can
// refer to models without importing each other.
import type { Model } from './model';

export interface ModelClass<M extends Model = Model> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each model takes its own fields' values; the ORM builds any model from a row's record
  new (values?: any): M;
  readonly prototype: M;
  readonly name: string;
}

export interface IndexDefinition {
  fields: string[];
  name?: string;
  unique?: boolean;
  /** A partial index: a condition as a filter object, e.g. { published: true }. */
  condition?: Record<string, unknown>;
  method?: 'btree' | 'hash' | 'gin' | 'gist' | 'brin';
}

export type ConstraintDefinition =
  | { kind: 'unique'; name: string; fields: string[]; condition?: Record<string, unknown> }
  | { kind: 'check'; name: string; check: string };

export interface ModelMeta {
  dbTable?: string;
  /** Default ordering: field names, '-' for descending. */
  ordering?: string[];
  indexes?: IndexDefinition[];
  constraints?: ConstraintDefinition[];
  uniqueTogether?: string[][];
  /** A base that declares fields for other models to share; it has no table. */
  abstract?: boolean;
  verboseName?: string;
  verboseNamePlural?: string;
  /** The app label, when the model is not exported from an installed app's models module. */
  appLabel?: string;
  /** Defaults to the class name. */
  modelName?: string;
  /** Fields checked by getLatestBy: latest() and earliest() without arguments. */
  getLatestBy?: string | string[];
  /**
   * The setting that may name a replacement for this model ('AUTH_USER_MODEL'): when it
   * names another model, this one is swapped out (not registered, no table).
   */
  swappable?: string;
  /** Internal: a model rebuilt from migration state, kept out of the project's model registry. */
  historical?: boolean;
}

/** A UniqueConstraint for meta.constraints. */
export function UniqueConstraint(options: { name: string; fields: string[]; condition?: Record<string, unknown> }): ConstraintDefinition {
  return { kind: 'unique', ...options };
}

/** A CheckConstraint for meta.constraints; `check` is SQL written by the project, never user input. */
export function CheckConstraint(options: { name: string; check: string }): ConstraintDefinition {
  return { kind: 'check', ...options };
}

export function Index(options: IndexDefinition): IndexDefinition {
  return options;
}
