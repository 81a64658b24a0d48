// The state of the models as migrations see it: a plain description per model
// (fields as specs, options), built from the project's models or by replaying
// migration operations, and rendered into "historical" model classes when SQL or a
// RunCode operation needs real models.
import type { ConstraintDefinition, IndexDefinition, ModelClass, ModelMeta } from '../model/types';
import { createModelClass, Model } from '../model/model';
import { declarationOf, optionsOf } from '../model/prepare';
import { MigrationError } from './errors';
import { fieldFromSpec, specOf, type FieldSpec } from './field-specs';

const noModel = (label: string) =>
  new MigrationError(`The migration state has no model '${label}': check the model's name in the operation, or add a dependency on the migration that creates it.`, { code: 'HYPER_MIGRATION_UNKNOWN_MODEL' });

export interface ModelStateOptions {
  dbTable?: string;
  ordering?: string[];
  indexes?: IndexDefinition[];
  constraints?: ConstraintDefinition[];
  uniqueTogether?: string[][];
  verboseName?: string;
  verboseNamePlural?: string;
  getLatestBy?: string | string[];
}

export class ModelState {
  constructor(
    readonly app: string,
    readonly name: string,
    readonly fields: ReadonlyArray<readonly [string, FieldSpec]>,
    readonly options: ModelStateOptions = {},
  ) {}

  /** 'blog.post': how states are keyed (labels compare case-insensitively, as in Django). */
  get key(): string {
    return `${this.app}.${this.name.toLowerCase()}`;
  }

  get label(): string {
    return `${this.app}.${this.name}`;
  }

  field(name: string): FieldSpec | undefined {
    return this.fields.find(([fieldName]) => fieldName === name)?.[1];
  }

  with(changes: { name?: string; fields?: ReadonlyArray<readonly [string, FieldSpec]>; options?: ModelStateOptions }): ModelState {
    return new ModelState(this.app, changes.name ?? this.name, changes.fields ?? this.fields, changes.options ?? this.options);
  }

  static fromModel(model: ModelClass): ModelState {
    const meta = optionsOf(model);
    const options: ModelStateOptions = {};
    // Only what was declared (or differs from the default) is recorded, so files stay short.
    if (meta.dbTable !== `${meta.appLabel}_${meta.modelName}`) options.dbTable = meta.dbTable;
    if (meta.ordering.length) options.ordering = [...meta.ordering];
    if (meta.indexes.length) options.indexes = meta.indexes.map((index) => ({ ...index }));
    if (meta.constraints.length) options.constraints = meta.constraints.map((constraint) => ({ ...constraint }));
    if (meta.uniqueTogether.length) options.uniqueTogether = meta.uniqueTogether.map((names) => [...names]);
    // Declared (not defaulted) names and getLatestBy: AlterModelOptions carries their changes.
    const declared = declarationOf(model)?.meta ?? {};
    if (declared.verboseName !== undefined) options.verboseName = declared.verboseName;
    if (declared.verboseNamePlural !== undefined) options.verboseNamePlural = declared.verboseNamePlural;
    if (declared.getLatestBy !== undefined) options.getLatestBy = declared.getLatestBy;
    const fields = meta.fields.map((field) => [field.name, specOf(field)] as const);
    return new ModelState(meta.appLabel, meta.objectName, fields, options);
  }
}

export class ProjectState {
  readonly models: Map<string, ModelState>;
  private rendered: Map<string, ModelClass> | undefined;

  constructor(models: Iterable<ModelState> = []) {
    this.models = new Map([...models].map((state) => [state.key, state]));
  }

  /** The state of the project's models (auto-created many-to-many pairs models excluded: their fields describe them). */
  static fromModels(models: readonly ModelClass[]): ProjectState {
    return new ProjectState(models.filter((model) => !(model as unknown as { autoCreatedFor?: unknown }).autoCreatedFor).map((model) => ModelState.fromModel(model)));
  }

  clone(): ProjectState {
    return new ProjectState(this.models.values());
  }

  get(key: string): ModelState {
    const state = this.models.get(key.toLowerCase());
    if (!state) throw noModel(key);
    return state;
  }

  put(state: ModelState): void {
    this.models.set(state.key, state);
    this.rendered = undefined;
  }

  remove(key: string): void {
    this.models.delete(key.toLowerCase());
    this.rendered = undefined;
  }

  /** Historical model classes for every model of the state, relations pointing at each other. */
  render(): Map<string, ModelClass> {
    if (this.rendered) return this.rendered;
    const classes = new Map<string, ModelClass>();
    const resolve = (label: string) => {
      const found = classes.get(label.toLowerCase());
      if (!found) {
        throw new MigrationError(`A relation in the migration state points at '${label}', which the state does not have: add a dependency on its app's migration.`, { code: 'HYPER_MIGRATION_MISSING_DEPENDENCY' });
      }
      return found;
    };
    for (const state of this.models.values()) {
      const fields = Object.fromEntries(state.fields.map(([name, spec]) => [name, fieldFromSpec(spec, resolve)]));
      const meta: ModelMeta = { ...state.options, appLabel: state.app, historical: true };
      const base = createModelClass(Model, fields, meta);
      const named = { [state.name]: class extends (base as unknown as typeof Model) {} }[state.name] as unknown as ModelClass;
      classes.set(state.key, named);
    }
    this.rendered = classes;
    return classes;
  }

  /** One historical model by label ('blog.Post'). */
  model(label: string): ModelClass {
    const model = this.render().get(label.toLowerCase());
    if (!model) throw noModel(label);
    return model;
  }
}
