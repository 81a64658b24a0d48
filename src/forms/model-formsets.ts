// Model formsets: a formset of ModelForms over a QuerySet's rows (plus extra blank
// forms for new rows), and inline formsets: the rows that point at one parent through
// a ForeignKey, as the admin edits them. Each form carries its row's primary key in
// a hidden field that must name a row of the QuerySet: a tampered key is that form's
// error, not another row edited.
import type { Model } from '../orm/model/model';
import { optionsOf } from '../orm/model/prepare';
import type { ModelClass } from '../orm/model/types';
import type { ForeignKey } from '../orm/fields/related';
import { FormError } from './errors';
import { FormField, isEmptyValue } from './field';
import type { BaseForm, FormOptions } from './form';
import { formsetSettings, BaseFormSet, type FormSetInit, type FormSetOptions } from './formsets';
import { fieldsForModel, modelForm, type BaseModelForm, type ModelFormMeta } from './model-form';
import type { ChoiceQuerySet } from './fields/model-choice';
import { HiddenInput } from './widgets/widget';

/** The hidden field of a row's primary key: it cleans to the row, which must be one the formset loaded. */
class RowField extends FormField<Model, { required: false; widget: HiddenInput }, null> {
  protected override readonly defaultErrors: Record<string, string> = { invalid_choice: 'Select a valid choice. That choice is not one of the available choices.' };
  constructor(private readonly rows: readonly Model[]) {
    super({ required: false, widget: new HiddenInput() });
  }
  override toPython(value: unknown): Model | null {
    if (isEmptyValue(value)) return null;
    const found = this.rows.find((row) => String(row.pk) === String(value));
    if (!found) throw this.error('invalid_choice');
    return found;
  }
  override prepareValue(value: unknown): unknown {
    return value instanceof Object && 'pk' in value ? (value as Model).pk : value;
  }
  override hasChanged(): boolean {
    return false;
  }
}

export interface ModelFormSetInit<M extends Model> extends FormSetInit {
  /** The rows to edit (default: all of the model's). */
  queryset?: ChoiceQuerySet<M> | null;
}

export class BaseModelFormSet<M extends Model = Model> extends BaseFormSet<BaseModelForm<M>> {
  static model: ModelClass;
  readonly queryset: ChoiceQuerySet<M> | null;
  private rows: M[] | null = null;
  /** After save(): what it deleted, changed (with the changed field names) and created. */
  deletedObjects: M[] = [];
  changedObjects: Array<[M, string[]]> = [];
  newObjects: M[] = [];
  saveM2m: () => Promise<void> = async () => undefined;

  constructor(init: ModelFormSetInit<M> = {}) {
    super(init);
    const model = (this.constructor as typeof BaseModelFormSet).model;
    this.queryset = init.queryset === undefined ? (model as unknown as { objects: { all(): ChoiceQuerySet<M> } }).objects.all() : init.queryset;
  }

  protected get modelClass(): ModelClass {
    return (this.constructor as typeof BaseModelFormSet).model;
  }

  /** Loads the rows the forms edit (once). */
  override async loadRows(): Promise<void> {
    if (this.rows === null) this.rows = this.queryset ? [...(await this.queryset)] : [];
  }

  private get loadedRows(): M[] {
    if (this.rows === null) {
      throw new FormError('HYPER_FORM_NOT_VALIDATED', `${this.constructor.name}'s rows are not loaded: call await formset.prepare() (isValid() does) before reading its forms.`);
    }
    return this.rows;
  }

  override initialFormCount(): number {
    if (this.isBound) return super.initialFormCount();
    return this.loadedRows.length;
  }

  protected override formOptions(i: number): FormOptions & Record<string, unknown> {
    const options = super.formOptions(i);
    const pkName = optionsOf(this.modelClass).pk.name;
    if (i < this.initialFormCount()) {
      if (this.isBound) {
        const key = this.data.get(`${this.prefix}-${i}-${pkName}`);
        const row = this.loadedRows.find((r) => String(r.pk) === String(key));
        if (row) options.instance = row;
      } else {
        options.instance = this.loadedRows[i];
      }
    }
    return options;
  }

  override addFields(target: BaseForm, index: number | null): void {
    super.addFields(target, index);
    const pkName = optionsOf(this.modelClass).pk.name;
    (target.fields as Record<string, unknown>)[pkName] = new RowField(this.rows ?? []);
    const instance = (target as BaseModelForm<M>).instance;
    if (instance && instance.pk !== null && instance.pk !== undefined) (target.initial)[pkName] = instance.pk;
  }

  /** Before saving a form's instance (an inline formset sets the parent here). */
  protected beforeSave(_form: BaseModelForm<M>): void {}

  /** Saves changed rows, deletes those marked, creates the filled extra forms; returns the saved instances. */
  async save(options: { commit?: boolean } = {}): Promise<M[]> {
    const commit = options.commit !== false;
    const saved: M[] = [];
    this.deletedObjects = [];
    this.changedObjects = [];
    this.newObjects = [];
    const forms: BaseModelForm<M>[] = [];
    for (const [i, f] of this.forms.entries()) {
      const existing = i < this.initialFormCount();
      if (existing && (f.instance.pk === null || f.instance.pk === undefined)) continue;
      if (this.shouldDeleteForm(f)) {
        if (existing) {
          this.deletedObjects.push(f.instance);
          if (commit) await f.instance.delete();
        }
        continue;
      }
      if (!f.hasChanged()) continue;
      this.beforeSave(f);
      const instance = await f.save({ commit });
      if (existing) this.changedObjects.push([instance, f.changedData]);
      else this.newObjects.push(instance);
      saved.push(instance);
      forms.push(f);
    }
    this.saveM2m = async () => {
      for (const f of forms) await f.saveM2m();
    };
    return saved;
  }
}

export interface ModelFormSetOptions<K extends string = string> extends FormSetOptions, ModelFormMeta<K> {}

export interface ModelFormSetClass<M extends Model> {
  new (init?: ModelFormSetInit<M>): BaseModelFormSet<M>;
  readonly model: ModelClass<M>;
}

/** A formset of ModelForms: `const BookFormSet = modelformsetFactory(Book, { fields: ['title'], canDelete: true })`. */
export function modelformsetFactory<M extends Model>(model: ModelClass<M>, options: ModelFormSetOptions): ModelFormSetClass<M> {
  const formClass = modelForm(model, options);
  const settings = formsetSettings(options);
  return class extends BaseModelFormSet<M> {
    static override model = model as ModelClass;
    static override form = formClass as unknown as typeof BaseFormSet.form;
    static override settings = settings;
  } as unknown as ModelFormSetClass<M>;
}

export interface InlineFormSetInit<P extends Model, M extends Model> extends ModelFormSetInit<M> {
  /** The parent whose rows are edited; unsaved, it has none yet (a create view saves it first). */
  instance?: P;
}

export class BaseInlineFormSet<P extends Model = Model, M extends Model = Model> extends BaseModelFormSet<M> {
  static fk: ForeignKey;
  static parentModel: ModelClass;
  readonly instance: P;

  constructor(init: InlineFormSetInit<P, M> = {}) {
    const fk = (new.target as unknown as typeof BaseInlineFormSet).fk;
    const parentModel = (new.target as unknown as typeof BaseInlineFormSet).parentModel;
    const parent = init.instance ?? (new parentModel() as P);
    const child = fk.model as unknown as { objects: { filter(c: object): ChoiceQuerySet<M> } };
    const saved = parent.pk !== null && parent.pk !== undefined;
    super({ ...init, queryset: init.queryset ?? (saved ? child.objects.filter({ [fk.attname]: parent.pk }) : null) });
    this.instance = parent;
  }

  static override defaultPrefix(): string {
    return this.fk.relatedName;
  }

  protected override beforeSave(f: BaseModelForm<M>): void {
    const fk = (this.constructor as typeof BaseInlineFormSet).fk;
    (f.instance as unknown as Record<string, unknown>)[fk.name] = this.instance;
  }
}

export interface InlineFormSetOptions<K extends string = string> extends ModelFormSetOptions<K> {
  /** The ForeignKey to the parent, when the child has more than one. */
  fkName?: string;
}

export interface InlineFormSetClass<P extends Model, M extends Model> {
  new (init?: InlineFormSetInit<P, M>): BaseInlineFormSet<P, M>;
}

/** The ForeignKey of `child` that points at `parent` (the one named fkName when there are several). */
function foreignKeyTo(parent: ModelClass, child: ModelClass, fkName?: string): ForeignKey {
  const candidates = optionsOf(child).concreteFields.filter((f) => (f.typeName === 'ForeignKey' || f.typeName === 'OneToOneField') && (fkName ? f.name === fkName : (f as unknown as ForeignKey).target === parent)) as unknown as ForeignKey[];
  if (candidates.length !== 1) {
    throw new FormError('HYPER_FORM_INLINE_FK', `inlineformsetFactory(${parent.name}, ${child.name}): ${candidates.length ? `${child.name} has several ForeignKeys to ${parent.name}: name one with fkName` : `${child.name} has no ForeignKey${fkName ? ` named '${fkName}'` : ''} to ${parent.name}`}.`);
  }
  return candidates[0];
}

/** A formset of the `child` rows pointing at one `parent`: `inlineformsetFactory(Shelf, Book, { fields: ['title'] })`. */
export function inlineformsetFactory<P extends Model, M extends Model>(parent: ModelClass<P>, child: ModelClass<M>, options: InlineFormSetOptions): InlineFormSetClass<P, M> {
  const fk = foreignKeyTo(parent as ModelClass, child as ModelClass, options.fkName);
  const exclude = [...(options.exclude ?? []), fk.name];
  const fields = options.fields === undefined || options.fields === '__all__' ? options.fields : options.fields.filter((name) => name !== fk.name);
  const meta = { ...options, fields, exclude: fields === undefined || fields === '__all__' ? exclude : options.exclude };
  if (meta.fields === undefined && meta.exclude === undefined) fieldsForModel(child as ModelClass, meta);
  const formClass = modelForm(child, meta);
  const settings = formsetSettings({ extra: 3, canDelete: true, ...options });
  return class extends BaseInlineFormSet<P, M> {
    static override model = child as ModelClass;
    static override form = formClass as unknown as typeof BaseFormSet.form;
    static override settings = settings;
    static override fk = fk;
    static override parentModel = parent as ModelClass;
  } as unknown as InlineFormSetClass<P, M>;
}
