// Resolving a lookup key such as 'author__profile__city__iexact' against a model:
// the relations it crosses (each a join), the field it ends on, and what is left
// (transforms and the lookup). Unknown names raise FieldError listing the choices.
import { FieldError } from '../errors';
import type { AnyField } from '../fields/field';
import { ForeignKey, ManyToManyField } from '../fields/related';
import { optionsOf, prepareAllModels } from '../model/prepare';
import type { Options, ReverseRelation } from '../model/options';
import type { ModelClass } from '../model/types';

/** One relation crossed: a join from the previous model's alias to the next one. */
export interface RelationStep {
  /** The name in the path ('author', 'posts', 'tags'). */
  name: string;
  from: ModelClass;
  to: ModelClass;
  /** Columns to join on: from.<fromColumn> = to.<toColumn>; a many-to-many step goes through its pairs table. */
  fromColumn: string;
  toColumn: string;
  through?: { table: string; fromColumn: string; toColumn: string };
  /** The join can find no row (a nullable key, or any reverse relation). */
  nullable: boolean;
  /** More than one row per source row (reverse foreign keys, many-to-many). */
  multiValued: boolean;
}

export interface ResolvedPath {
  steps: RelationStep[];
  model: ModelClass;
  field: AnyField;
  /** Remaining names: transforms, JSON keys and the lookup. */
  rest: string[];
  /** The key of the join chain, shared by every condition crossing the same relations. */
  joinKey: string;
}

function reverseStep(meta: Options, relation: ReverseRelation, name: string): RelationStep {
  const model = meta.model;
  if (relation.manyToMany) {
    const field = relation.field as ManyToManyField;
    const through = optionsOf(field.through!);
    const [toSource, toTarget] = throughColumns(field);
    return {
      name,
      from: model,
      to: relation.model,
      fromColumn: meta.pk.column,
      toColumn: optionsOf(relation.model).pk.column,
      through: { table: through.dbTable, fromColumn: toTarget, toColumn: toSource },
      nullable: true,
      multiValued: true,
    };
  }
  const field = relation.field as ForeignKey;
  return {
    name,
    from: model,
    to: relation.model,
    fromColumn: meta.pk.column,
    toColumn: field.column,
    nullable: true,
    multiValued: !relation.single,
  };
}

/** The pairs table's foreign key to the field's model, and the one to its target (the first of each, for a relation to itself). */
export function throughKeys(field: ManyToManyField): [ForeignKey, ForeignKey] {
  const keys = optionsOf(field.through!).concreteFields.filter((candidate): candidate is ForeignKey => candidate instanceof ForeignKey);
  const source = keys.find((key) => key.target === field.model)!;
  const target = keys.find((key) => key !== source && key.target === field.target)!;
  return [source, target];
}

function throughColumns(field: ManyToManyField): [string, string] {
  const [source, target] = throughKeys(field);
  return [source.column, target.column];
}

function forwardStep(meta: Options, field: ForeignKey | ManyToManyField): RelationStep {
  const target = optionsOf(field.target);
  if (field instanceof ManyToManyField) {
    const [toSource, toTarget] = throughColumns(field);
    return {
      name: field.name,
      from: meta.model,
      to: field.target,
      fromColumn: meta.pk.column,
      toColumn: target.pk.column,
      through: { table: optionsOf(field.through!).dbTable, fromColumn: toSource, toColumn: toTarget },
      nullable: true,
      multiValued: true,
    };
  }
  return { name: field.name, from: meta.model, to: field.target, fromColumn: field.column, toColumn: target.pk.column, nullable: field.nullable, multiValued: false };
}

/**
 * Resolves `parts` from `model`. A path may end on a relation: it then stands for the
 * key (`author` compares author_id; `posts` compares the posts' primary keys).
 */
const resolved = new WeakMap<ModelClass, Map<string, ResolvedPath>>();

export function resolvePath(model: ModelClass, parts: readonly string[]): ResolvedPath {
  // Resolved once per model and key: filter() runs this for every condition of every query.
  let byKey = resolved.get(model);
  if (!byKey) resolved.set(model, (byKey = new Map()));
  const key = parts.join('__');
  let path = byKey.get(key);
  if (!path) byKey.set(key, (path = resolveUncached(model, parts)));
  return path;
}

function resolveUncached(model: ModelClass, parts: readonly string[]): ResolvedPath {
  const steps: RelationStep[] = [];
  let meta = optionsOf(model);
  for (let index = 0; index < parts.length; index++) {
    const name = parts[index];
    const next = parts[index + 1];
    const field = meta.findField(name);
    let relation: ReverseRelation | undefined;
    if (!field) {
      relation = meta.findReverse(name);
      if (!relation) {
        prepareAllModels();
        relation = meta.findReverse(name);
      }
    }
    if (!field && !relation) {
      throw new FieldError(`Cannot resolve keyword '${name}' into field of ${meta.objectName}. Choices are: ${meta.fieldNames().join(', ')}.`, { code: 'HYPER_ORM_UNKNOWN_FIELD' });
    }
    if (field instanceof ForeignKey) {
      const target = optionsOf(field.target);
      // author__id and author__pk use the key column itself: no join.
      if (next !== undefined && (next === 'pk' || target.findField(next) === target.pk) && field.attname !== field.name) {
        return done(steps, meta.model, field, parts.slice(index + 2));
      }
      if (next !== undefined && (target.findField(next) || target.findReverse(next) || (prepareAllModels(), target.findReverse(next)))) {
        steps.push(forwardStep(meta, field));
        meta = target;
        continue;
      }
      return done(steps, meta.model, field, parts.slice(index + 1));
    }
    if (field instanceof ManyToManyField || relation) {
      steps.push(relation ? reverseStep(meta, relation, name) : forwardStep(meta, field as ManyToManyField));
      meta = optionsOf(steps[steps.length - 1].to);
      if (next !== undefined && (meta.findField(next) || meta.findReverse(next))) continue;
      return done(steps, meta.model, meta.pk, parts.slice(index + 1));
    }
    return done(steps, meta.model, field!, parts.slice(index + 1));
  }
  return done(steps, meta.model, meta.pk, []);
}

function done(steps: RelationStep[], model: ModelClass, field: AnyField, rest: string[]): ResolvedPath {
  return { steps, model, field, rest, joinKey: steps.map((step) => step.name).join('__') };
}
