// System checks of models (tag 'models'). Ids follow Django's where it has one:
// models.E004/E015/E026, fields.E300/E302/E304, plus models.E020 for reserved names.
import { CheckError, type CheckMessage } from '../checks/messages';
import { register, Tags, type CheckContext } from '../checks/registry';
import { FieldError } from './errors';
import { ManyToManyField, RelatedField, resolveModelReference, type ModelReference } from './fields/related';
import { declarationOf, optionsOf, prepareAllModels } from './model/prepare';
import { allModels, appLabelOf } from './model/registry';
import type { ModelClass } from './model/types';
import { resolvePath } from './query/path';

/** Names every model instance already uses: a field by one of these would hide it. */
const RESERVED = new Set(['save', 'delete', 'refreshFromDb', 'related', 'fullClean', 'clean', 'toJSON', 'equals', 'toString', 'pk', 'objects', 'constructor', '_meta', 'DoesNotExist', 'MultipleObjectsReturned']);

function modelsToCheck(context: CheckContext): ModelClass[] {
  const labels = context.appConfigs?.map((config) => config.label);
  return allModels().filter((model) => !labels || labels.includes(appLabelOf(model) ?? ''));
}

/** 'blog.Post': checks name models with their app, since two apps may both have a Post. */
const labelOf = (model: ModelClass) => `${appLabelOf(model) ?? '?'}.${model.name}`;

function declaredChecks(model: ModelClass): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const fields = declarationOf(model)?.fields ?? [];
  const keys = fields.filter(([, field]) => field.primaryKey);
  if (keys.length > 1) {
    messages.push(new CheckError(`The model cannot have more than one primary key (${keys.map(([name]) => name).join(', ')}).`, { id: 'models.E026', obj: labelOf(model) }));
  }
  if (keys.length === 0 && fields.some(([name]) => name === 'id')) {
    messages.push(new CheckError("'id' can only be used as a field name if the field also sets primaryKey: true.", { id: 'models.E004', obj: labelOf(model), hint: 'Rename the field, or make it the primary key.' }));
  }
  for (const [name] of fields) {
    if (RESERVED.has(name)) {
      messages.push(new CheckError(`The field name '${name}' is reserved: every model has a property or method of that name.`, { id: 'models.E020', obj: `${labelOf(model)}.${name}`, hint: 'Rename the field, keeping the column with dbColumn if needed.' }));
    }
  }
  for (const [name, field] of fields) {
    if (!(field instanceof RelatedField || field instanceof ManyToManyField)) continue;
    try {
      // The declared field is not attached to the model yet: resolve its target against the model.
      optionsOf(resolveModelReference(field.to as ModelReference, model));
    } catch (error) {
      messages.push(new CheckError(`The field ${model.name}.${name} points at a model that is not installed: ${(error as Error).message}`, { id: 'fields.E300', obj: `${labelOf(model)}.${name}` }));
    }
  }
  return messages;
}

function preparedChecks(model: ModelClass): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const meta = optionsOf(model);
  for (const spec of meta.ordering) {
    if (spec === '?') continue;
    try {
      const path = resolvePath(model, spec.replace(/^-/, '').split('__'));
      if (path.rest.length) throw new FieldError(`'${path.rest.join('__')}'`);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      messages.push(new CheckError(`'ordering' refers to the nonexistent field, related field, or lookup '${spec}'.`, { id: 'models.E015', obj: meta.label }));
    }
  }
  const accessors = new Map<string, string>();
  for (const relation of meta.reverseRelations) {
    if (relation.hidden) continue;
    const source = `${optionsOf(relation.model).label}.${relation.field.name}`;
    const clash = accessors.get(relation.accessorName);
    if (clash) {
      messages.push(new CheckError(`Reverse accessor '${meta.objectName}.${relation.accessorName}' for '${source}' clashes with the reverse accessor for '${clash}'.`, { id: 'fields.E304', obj: source, hint: `Add or change relatedName on ${source} or ${clash}.` }));
    }
    accessors.set(relation.accessorName, source);
    if (meta.findField(relation.accessorName)) {
      messages.push(new CheckError(`Reverse accessor '${meta.objectName}.${relation.accessorName}' for '${source}' clashes with the field '${meta.objectName}.${relation.accessorName}'.`, { id: 'fields.E302', obj: source, hint: `Rename the field, or set relatedName on ${source}.` }));
    }
  }
  return messages;
}

export function checkModels(context: CheckContext): CheckMessage[] {
  const models = modelsToCheck(context);
  const messages = models.flatMap(declaredChecks);
  // Only well-declared models are prepared: preparing a broken one would throw.
  const broken = new Set(messages.map((message) => String(message.obj).split('.').slice(0, 2).join('.')));
  if (!messages.length) prepareAllModels();
  for (const model of models) if (!broken.has(labelOf(model))) messages.push(...preparedChecks(model));
  return messages;
}

register(checkModels, Tags.models);
