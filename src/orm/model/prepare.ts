// Preparing a model class on first use: its Options (fields cloned and named, the
// automatic primary key), relation accessors on the prototypes of both sides, and the
// pairs model of each many-to-many field.
import { settings, settingsConfigured } from '../../conf/settings';
import { ImproperlyConfigured } from '../../core/errors';
import { Slot } from '../../core/slot';
import { RelatedObjectNotLoaded } from '../errors';
import type { AnyField } from '../fields/field';
import { ForeignKey, ManyToManyField, OneToOneField } from '../fields/related';
import { classPrepared } from '../signals';
import { Options } from './options';
import { allModels, appLabelOf, registerModel } from './registry';
import type { ModelClass, ModelMeta } from './types';

export const DECLARATION = Symbol('hyper.declaration');
export const STATE = Symbol('hyper.state');
/**
 * A static of Model (model.ts) that builds a new model class. This file cannot import
 * model.ts, which imports it; it reaches the factory through the model at hand instead
 * (a many-to-many field's auto-created through model).
 */
export const CREATE_MODEL = Symbol('hyper.createModel');

type ModelFactory = { [CREATE_MODEL](name: string, fields: Record<string, AnyField>, meta: ModelMeta): ModelClass };

export interface Declaration {
  fields: ReadonlyArray<readonly [string, AnyField]>;
  meta: ModelMeta;
}

/** Per-instance bookkeeping, kept under a symbol so it never shows in keys or JSON. */
export class ModelState {
  db: string | null = null;
  private loaded: Map<string, unknown> | undefined;

  constructor(public adding: boolean) {}

  /** Loaded relations: 'author' -> a User, 'profile' -> a Profile or null (made on first use: most rows never need it). */
  get related(): Map<string, unknown> {
    return (this.loaded ??= new Map());
  }
}

const prepared = new WeakMap<ModelClass, Options>();

export function declarationOf(model: ModelClass): Declaration | undefined {
  return (model as unknown as Record<symbol, Declaration | undefined>)[DECLARATION];
}

export function stateOf(instance: object): ModelState {
  return (instance as Record<symbol, ModelState>)[STATE];
}

/** Options of a model class, preparing it on first use. */
export function optionsOf(model: ModelClass): Options {
  const done = prepared.get(model);
  if (done) return done;
  const declaration = declarationOf(model);
  if (!declaration) throw new ImproperlyConfigured(`${model.name} is not a model: declare it with \`class ${model.name} extends model({...}) {}\`.`);
  // The nearest declaration decides: extend() always declares anew (not abstract unless asked).
  if (declaration.meta.abstract) {
    throw new ImproperlyConfigured(`${model.name} is abstract: it has no table. Extend it with ${model.name}.extend({...}) and use the subclass.`);
  }
  const appLabel = declaration.meta.appLabel ?? appLabelOf(model);
  if (!appLabel) {
    throw new ImproperlyConfigured(
      `${model.name} is not in an installed app: export it from the models module of an app in INSTALLED_APPS, or set appLabel in its meta.`,
    );
  }
  const replacement = swappedBy(model, appLabel);
  if (replacement) {
    throw new ImproperlyConfigured(`${appLabel}.${model.name} has been swapped for '${replacement}' (${declaration.meta.swappable}): use that model instead.`);
  }
  // Historical models (built from migration state) live outside the registry of the project's models.
  if (!declaration.meta.historical) registerModel(model, appLabel);
  const options = new Options(model, appLabel, declaration.fields, { ...declaration.meta, abstract: false });
  prepared.set(model, options);
  for (const field of options.fields) {
    if (field instanceof ForeignKey) contributeForeignKey(model, field);
    else if (field instanceof ManyToManyField) contributeManyToMany(model, field, options);
    else field.contributeToClass(model);
  }
  void classPrepared.send(model, {});
  return options;
}

/**
 * The label of the model that replaces this one: its meta.swappable setting
 * (AUTH_USER_MODEL) names another model. Null when it names this one, or when no
 * settings are configured.
 */
export function swappedBy(model: ModelClass, appLabel?: string): string | null {
  const declaration = declarationOf(model);
  const setting = declaration?.meta.swappable;
  if (!setting || declaration.meta.historical || !settingsConfigured()) return null;
  const chosen = settings[setting];
  const label = `${appLabel ?? declaration.meta.appLabel ?? appLabelOf(model) ?? ''}.${model.name}`;
  return typeof chosen === 'string' && chosen.toLowerCase() !== label.toLowerCase() ? chosen : null;
}

/** Prepares every registered model, so each knows the relations pointing at it. */
export function prepareAllModels(): void {
  for (const model of allModels()) optionsOf(model);
}

function notLoaded(model: ModelClass, name: string, hint: string): never {
  throw new RelatedObjectNotLoaded(`${model.name}.${name} is not loaded: ${hint}`);
}

function contributeForeignKey(model: ModelClass, field: ForeignKey): void {
  const name = field.name;
  Object.defineProperty(model.prototype, name, {
    configurable: true,
    get(this: object) {
      const related = stateOf(this).related;
      if (related.has(name)) return related.get(name);
      if ((this as Record<string, unknown>)[field.attname] === null) return null;
      return notLoaded(model, name, `use .selectRelated('${name}') in the query, or await instance.related('${name}').`);
    },
    set(this: Record<string, unknown>, value: unknown) {
      const state = stateOf(this);
      if (value === null || value === undefined) {
        state.related.set(name, null);
        this[field.attname] = null;
        return;
      }
      state.related.set(name, value);
      this[field.attname] = (value as { pk: unknown }).pk;
    },
  });
  const target = field.target;
  const targetOptions = optionsOf(target);
  const accessorName = field.relatedName;
  if (targetOptions.reverseRelations.some((relation) => relation.field === field)) return;
  const hidden = accessorName.endsWith('+');
  targetOptions.reverseRelations.push({
    field,
    model,
    accessorName,
    queryName: field.relatedQueryName,
    single: field instanceof OneToOneField,
    manyToMany: false,
    hidden,
  });
  if (!hidden) defineReverseAccessor(target, accessorName, field instanceof OneToOneField, model, field);
}

/** A related manager for `user.postSet`, given the relation. */
export interface RelatedManagerFactory {
  reverse(instance: object, model: ModelClass, field: ForeignKey): unknown;
  manyToMany(instance: object, field: ManyToManyField, reverse: boolean): unknown;
}
/** The query layer installs it (src/orm/install.ts). */
export const relatedManagers = new Slot<RelatedManagerFactory>('The related managers', "import hyperdjango/db (src/orm), whose installOrm() puts the query layer under the models.");

function defineReverseAccessor(target: ModelClass, accessorName: string, single: boolean, model: ModelClass, field: ForeignKey): void {
  if (Object.prototype.hasOwnProperty.call(target.prototype, accessorName)) return;
  Object.defineProperty(target.prototype, accessorName, {
    configurable: true,
    get(this: object) {
      if (single) {
        const related = stateOf(this).related;
        if (related.has(accessorName)) return related.get(accessorName);
        return notLoaded(target, accessorName, `await instance.related('${accessorName}').`);
      }
      return relatedManagers.get().reverse(this, model, field);
    },
  });
}

function contributeManyToMany(model: ModelClass, field: ManyToManyField, options: Options): void {
  const name = field.name;
  Object.defineProperty(model.prototype, name, {
    configurable: true,
    get(this: object) {
      return relatedManagers.get().manyToMany(this, field, false);
    },
  });
  const target = field.target;
  field.through = field.declaredThrough() ?? createThroughModel(model, field, options);
  const targetOptions = optionsOf(target);
  if (!targetOptions.reverseRelations.some((relation) => relation.field === field)) {
    const hidden = field.relatedName.endsWith('+');
    targetOptions.reverseRelations.push({ field, model, accessorName: field.relatedName, queryName: field.relatedQueryName, single: false, manyToMany: true, hidden });
    if (!hidden && !Object.prototype.hasOwnProperty.call(target.prototype, field.relatedName)) {
      Object.defineProperty(target.prototype, field.relatedName, {
        configurable: true,
        get(this: object) {
          return relatedManagers.get().manyToMany(this, field, true);
        },
      });
    }
  }
}

function createThroughModel(model: ModelClass, field: ManyToManyField, options: Options): ModelClass {
  const target = field.target;
  const fromName = model === target ? `from${model.name}` : model.name.charAt(0).toLowerCase() + model.name.slice(1);
  const toName = model === target ? `to${target.name}` : target.name.charAt(0).toLowerCase() + target.name.slice(1);
  const through = (model as unknown as ModelFactory)[CREATE_MODEL](
    `${model.name}_${name(field)}`,
    {
      [fromName]: new ForeignKey(() => model, { onDelete: 'CASCADE', relatedName: '+', dbColumn: `${fromName.toLowerCase()}_id` }),
      [toName]: new ForeignKey(() => target, { onDelete: 'CASCADE', relatedName: '+', dbColumn: `${toName.toLowerCase()}_id` }),
    },
    {
      appLabel: options.appLabel,
      dbTable: field.options.dbTable ?? `${options.dbTable}_${snake(field.name)}`,
      uniqueTogether: [[fromName, toName]],
      historical: declarationOf(model)?.meta.historical,
    },
  );
  (through as unknown as { autoCreatedFor: ManyToManyField }).autoCreatedFor = field;
  optionsOf(through);
  return through;
}

const name = (field: ManyToManyField) => field.name;
const snake = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
