// ModelForm: a form of a model's fields, which validates the instance it builds
// (the model's own validation, unique and unique-together against the database)
// and saves it:
//
//   const PostForm = modelForm(Post, { fields: ['title', 'body', 'tags'] });
//   const f = new PostForm({ data: await request.form(), instance: post });
//   if (await f.isValid()) await f.save();
import { ValidationError } from '../orm/errors';
import type { AnyField } from '../orm/fields/field';
import type { Model } from '../orm/model/model';
import { optionsOf } from '../orm/model/prepare';
import type { ModelClass } from '../orm/model/types';
import type { ManyRelatedManager } from '../orm/query/related-managers';
import { FormError } from './errors';
import { BaseForm, declareFields, type AnyFormField, type FieldMap, type FormOptions } from './form';
import { formFieldFor } from './model-fields';
import type { Widget } from './widgets/widget';

export interface ModelFormMeta<K extends string = string> {
  /** The model fields the form edits, in order; '__all__' for every editable one. */
  fields?: readonly K[] | '__all__';
  /** Editable fields left out (with fields '__all__' or not given). */
  exclude?: readonly string[];
  widgets?: Record<string, Widget>;
  labels?: Record<string, string>;
  helpTexts?: Record<string, string>;
  errorMessages?: Record<string, Record<string, string>>;
  /** Form fields declared by hand: they replace the model's field of the same name, or add one. */
  formFields?: FieldMap;
}

export interface ModelFormOptions<M extends Model> extends FormOptions {
  /** The instance to edit; a new one when not given. */
  instance?: M;
}

/** What a ModelForm's cleanedData holds for a model attribute: a many-to-many field's list of instances, else the attribute's value. */
type CleanedAttribute<V> = V extends ManyRelatedManager<infer T> ? T[] : V;
export type ModelCleanedData<M, K extends string> = { [P in K]: P extends keyof M ? CleanedAttribute<M[P]> : unknown };

export class BaseModelForm<M extends Model = Model> extends BaseForm {
  static model: ModelClass;
  static meta: ModelFormMeta = {};
  readonly instance: M;
  /** After save({ commit: false }): saves the many-to-many fields once the instance is saved. */
  saveM2m: () => Promise<void> = async () => undefined;
  private m2mInitialLoaded = false;

  constructor(options: ModelFormOptions<M> = {}) {
    const model = (new.target as unknown as typeof BaseModelForm).model;
    const instance = options.instance ?? (new model() as M);
    super({ ...options, initial: { ...modelToInitial(instance, new.target as unknown as typeof BaseModelForm), ...(options.initial ?? {}) } });
    this.instance = instance;
  }

  private get modelClass(): ModelClass {
    return (this.constructor as typeof BaseModelForm).model;
  }

  /** For an instance being edited, its many-to-many values: the initial selection. */
  override async loadInitial(): Promise<void> {
    if (this.m2mInitialLoaded) return;
    this.m2mInitialLoaded = true;
    if (this.instance.pk === null || this.instance.pk === undefined) return;
    for (const field of optionsOf(this.modelClass).manyToManyFields) {
      if (!(field.name in this.fields) || Object.prototype.hasOwnProperty.call(this.initial, field.name)) continue;
      const manager = (this.instance as unknown as Record<string, PromiseLike<Model[]>>)[field.name];
      (this.initial)[field.name] = await manager;
    }
  }

  /** Puts the cleaned values on the instance, then runs the model's validation (unique checks included) on the fields the form edits. */
  protected override async postClean(): Promise<void> {
    const meta = optionsOf(this.modelClass);
    const self = this.instance as unknown as Record<string, unknown>;
    const cleaned = this.cleanedData as Record<string, unknown>;
    const fileFields: ModelFileField[] = [];
    for (const field of meta.concreteFields) {
      // A formset's hidden primary key field picks the row; it is never assigned.
      if (field.primaryKey || !(field.name in this.fields) || !(field.name in cleaned)) continue;
      if (isModelFileField(field)) fileFields.push(field);
      else self[field.name] = cleaned[field.name];
    }
    // Files last, as Django's construct_instance: an uploadTo function may read the other fields.
    for (const field of fileFields) assignFile(this.instance, field, cleaned[field.name]);
    const formFields = new Set(Object.keys(this.fields));
    const errored = new Set(Object.keys(this.errors));
    const exclude = meta.fields.map((f) => f.name).filter((name) => !formFields.has(name) || errored.has(name));
    try {
      await this.instance.fullClean({ exclude });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const [name, messages] of Object.entries(error.errors)) this.addError(name in this.fields ? name : null, messages);
    }
  }

  /**
   * Saves the instance (and then its many-to-many fields). With commit false, only
   * returns the instance: save it yourself, then call form.saveM2m().
   */
  async save(options: { commit?: boolean } = {}): Promise<M> {
    if (!this.validated || Object.keys(this.errors).length) {
      const adding = this.instance.pk === null || this.instance.pk === undefined;
      throw new FormError('HYPER_FORM_SAVE_INVALID', `The ${this.modelClass.name} could not be ${adding ? 'created' : 'changed'} because the data didn't validate: check await form.isValid() before save().`);
    }
    const cleaned = this.cleanedData as Record<string, unknown>;
    this.saveM2m = async () => {
      for (const field of optionsOf(this.modelClass).manyToManyFields) {
        if (!(field.name in this.fields) || !(field.name in cleaned)) continue;
        await (this.instance as unknown as Record<string, { set(objects: unknown[]): Promise<void> }>)[field.name].set(cleaned[field.name] as unknown[]);
      }
    };
    if (options.commit !== false) {
      await this.instance.save();
      await this.saveM2m();
    }
    return this.instance;
  }
}

/** A model FileField or ImageField (anything that stores content and clears what goes with it). */
type ModelFileField = AnyField & { clearContent(instance: object): void };

function isModelFileField(field: AnyField): field is ModelFileField {
  return typeof (field as { clearContent?: unknown }).clearContent === 'function';
}

/**
 * Django's FileField.save_form_data(): no upload and no file before (null) changes
 * nothing; the clear box (false) empties the field (and an ImageField's width and
 * height fields); an upload is assigned, and the instance's save() stores it; the
 * instance's own file, kept when nothing new was sent, is assigned back unchanged.
 */
function assignFile(instance: Model, field: ModelFileField, value: unknown): void {
  if (value === null || value === undefined) return;
  const self = instance as unknown as Record<string, unknown>;
  if (value === false) {
    self[field.name] = field.nullable ? null : '';
    field.clearContent(instance);
    return;
  }
  self[field.name] = value;
}

/** The instance's values as the form's initial data: a relation as its key, many-to-many loaded later by loadInitial(). */
function modelToInitial(instance: Model, formClass: typeof BaseModelForm): Record<string, unknown> {
  const meta = optionsOf(formClass.model);
  const self = instance as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of meta.concreteFields) {
    if (!(field.name in formClass.baseFields)) continue;
    const value = self[field.attname];
    if (value !== null && value !== undefined && value !== '') out[field.name] = value;
    else if (instance.pk !== null && instance.pk !== undefined) out[field.name] = value;
  }
  return out;
}

/** The form fields of a model, as the meta options choose them. */
export function fieldsForModel(model: ModelClass, meta: ModelFormMeta): FieldMap {
  const options = optionsOf(model);
  if (meta.fields === undefined && meta.exclude === undefined) {
    throw new FormError('HYPER_FORM_FIELDS_REQUIRED', `modelForm(${model.name}) needs fields or exclude: list the fields the form edits (fields: ['title', ...]), or fields: '__all__' for every one.`);
  }
  const names = meta.fields === undefined || meta.fields === '__all__' ? options.fields.map((f) => f.name) : [...meta.fields];
  const known = new Set([...options.fields.map((f) => f.name), ...Object.keys(meta.formFields ?? {})]);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) throw new FormError('HYPER_FORM_UNKNOWN_FIELD', `modelForm(${model.name}): unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; ${model.name}'s fields are ${options.fields.map((f) => f.name).join(', ')}.`);
  const fields: FieldMap = {};
  for (const name of names) {
    if (meta.exclude?.includes(name)) continue;
    const declared = meta.formFields?.[name];
    if (declared) {
      fields[name] = declared;
      continue;
    }
    const modelField = options.findField(name)!;
    const formField = formFieldFor(modelField, { widget: meta.widgets?.[name], label: meta.labels?.[name], helpText: meta.helpTexts?.[name], errorMessages: meta.errorMessages?.[name] });
    if (formField) fields[name] = formField;
    else if (meta.fields !== undefined && meta.fields !== '__all__') {
      throw new FormError('HYPER_FORM_UNKNOWN_FIELD', `modelForm(${model.name}): '${name}' cannot be edited in a form (it is not editable, or set by the database); leave it out of fields.`);
    }
  }
  for (const [name, field] of Object.entries(meta.formFields ?? {})) if (!(name in fields)) fields[name] = field;
  return fields;
}

export interface ModelFormClass<M extends Model, K extends string> {
  new (options?: ModelFormOptions<M>): BaseModelForm<M> & { readonly cleanedData: ModelCleanedData<M, K> } & { readonly [P in Exclude<K, keyof BaseModelForm>]: import('./bound-field').BoundField };
  readonly model: ModelClass<M>;
  readonly baseFields: FieldMap;
  readonly meta: ModelFormMeta;
}

/** A ModelForm class for `model`: `class PostForm extends modelForm(Post, { fields: ['title'] }) {}`. */
export function modelForm<M extends Model, const K extends string = string>(model: ModelClass<M>, meta: ModelFormMeta<K>): ModelFormClass<M, K> {
  const fields = fieldsForModel(model as ModelClass, meta as ModelFormMeta);
  const Declared = class extends BaseModelForm<M> {
    static override model = model as ModelClass;
    static override meta = meta as ModelFormMeta;
    static override baseFields: Record<string, AnyFormField> = fields;
  };
  declareFields(Declared, fields);
  return Declared as unknown as ModelFormClass<M, K>;
}

/** Django's name for modelForm(). */
export const modelformFactory = modelForm;

