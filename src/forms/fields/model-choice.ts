// ModelChoiceField and ModelMultipleChoiceField: a choice among a QuerySet's rows.
// Cleaning looks the value up in the QuerySet (so a row outside it is refused);
// the choices a widget prints are loaded by `await form.prepare()` (rendering is
// synchronous), which the edit views call before they render.
import { ValidationError } from '../../orm/errors';
import type { Model } from '../../orm/model/model';
import { optionsOf } from '../../orm/model/prepare';
import type { ModelClass } from '../../orm/model/types';
import { FormError } from '../errors';
import { FormField, isEmptyValue, type FieldOptions } from '../field';
import { Select, SelectMultiple, type ChoiceWidget, type Choices } from '../widgets/choice';
import type { Widget } from '../widgets/widget';

/** The part of a QuerySet these fields use. */
export interface ChoiceQuerySet<M> extends PromiseLike<M[]> {
  readonly model: ModelClass;
  filter(conditions: Record<string, unknown>): ChoiceQuerySet<M>;
}

/** What both model choice fields take besides the common field options. */
export interface ModelChoiceSource<M> {
  queryset: ChoiceQuerySet<M>;
  /** The first, empty option's label (default '---------'); null for none. */
  emptyLabel?: string | null;
  /** The field whose value the form submits (default the primary key). */
  toFieldName?: string;
  /** An option's label (default String(instance)). */
  labelFromInstance?: (instance: M) => string;
}

export interface ModelChoiceFieldOptions<M> extends FieldOptions<M>, ModelChoiceSource<M> {}
export interface ModelMultipleChoiceFieldOptions<M> extends FieldOptions<M[]>, ModelChoiceSource<M> {}

abstract class ModelChoiceBase<T, M, O extends FieldOptions<T> & ModelChoiceSource<M>, E> extends FormField<T, O, E> {
  protected override readonly defaultErrors: Record<string, string> = {
    required: 'This field is required.',
    invalid_choice: 'Select a valid choice. That choice is not one of the available choices.',
    invalid_list: 'Enter a list of values.',
    invalid_pk_value: '“%(pk)s” is not a valid value.',
  };
  protected loaded = false;
  queryset: ChoiceQuerySet<M>;

  constructor(options: O) {
    super(options);
    this.queryset = options.queryset;
    (this.widget as ChoiceWidget).choicesPending = `${new.target.name} of ${this.queryset.model.name} has not loaded its choices: call await form.prepare() before rendering the form (the edit views do).`;
  }

  protected get keyName(): string {
    return this.options.toFieldName ?? optionsOf(this.queryset.model).pk.attname;
  }

  /** The value an instance submits as. */
  keyOf(instance: unknown): string {
    if (instance === null || instance === undefined) return '';
    if (typeof instance !== 'object') return String(instance);
    return String((instance as Record<string, unknown>)[this.keyName]);
  }

  /** Reads the QuerySet into the widget's options. */
  async loadChoices(): Promise<void> {
    const rows = await this.queryset;
    const label = this.options.labelFromInstance ?? ((row: M) => String(row));
    const choices: Array<readonly [unknown, string]> = rows.map((row) => [this.keyOf(row), label(row)] as const);
    const empty = this.options.emptyLabel === undefined ? '---------' : this.options.emptyLabel;
    (this.widget as ChoiceWidget).choices = (empty !== null && this.includesEmpty ? [['', empty] as const, ...choices] : choices) as Choices;
    (this.widget as ChoiceWidget).choicesPending = null;
    this.loaded = true;
  }

  protected get includesEmpty(): boolean {
    return true;
  }

  get choicesLoaded(): boolean {
    return this.loaded;
  }

  /** The key converted by the model field, so a malformed value is an invalid choice rather than a database error. */
  protected convertKey(value: unknown): unknown {
    const field = optionsOf(this.queryset.model).findField(this.keyName) ?? optionsOf(this.queryset.model).concreteFields.find((f) => f.attname === this.keyName);
    if (!field) throw new FormError('HYPER_FORM_UNKNOWN_FIELD', `${this.constructor.name} '${this.name}': toFieldName '${this.keyName}' is not a field of ${this.queryset.model.name}.`);
    try {
      return field.toJs(value);
    } catch (error) {
      if (error instanceof ValidationError) throw this.error('invalid_choice');
      throw error;
    }
  }

  override prepareValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? this.keyOf(v) : v));
    return value && typeof value === 'object' ? this.keyOf(value) : value;
  }
}

export class ModelChoiceField<M extends Model, O extends ModelChoiceFieldOptions<M> = ModelChoiceFieldOptions<M>> extends ModelChoiceBase<M, M, O, null> {
  protected override defaultWidget(): Widget {
    return new Select();
  }
  protected override get includesEmpty(): boolean {
    return !this.required || this.initialValue() === undefined || this.initialValue() === null;
  }

  override async clean(value: unknown): Promise<M | null> {
    const key = Array.isArray(value) ? value[value.length - 1] : value;
    if (isEmptyValue(key)) {
      this.validate(null);
      return null;
    }
    if (key && typeof key === 'object' && key instanceof (this.queryset.model as unknown as typeof Model)) return this.lookup(this.keyOf(key));
    return this.lookup(key);
  }

  private async lookup(key: unknown): Promise<M> {
    const converted = this.convertKey(key);
    const rows = await this.queryset.filter({ [this.keyName]: converted });
    if (rows.length !== 1) throw this.error('invalid_choice');
    this.runValidators(rows[0]);
    return rows[0];
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.keyOf(initial ?? '') !== String(data ?? '');
  }
}

export class ModelMultipleChoiceField<M extends Model, O extends ModelMultipleChoiceFieldOptions<M> = ModelMultipleChoiceFieldOptions<M>> extends ModelChoiceBase<M[], M, O, never> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }
  protected override get includesEmpty(): boolean {
    return false;
  }

  override async clean(value: unknown): Promise<M[]> {
    const keys = value === null || value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
    if (!Array.isArray(value) && !isEmptyValue(value)) throw this.error('invalid_list');
    if (keys.length === 0) {
      if (this.required) throw this.error('required');
      return [];
    }
    const converted = [...new Set(keys.map((key) => this.keyOf(key)))].map((key) => {
      try {
        return this.convertKey(key);
      } catch (error) {
        if (error instanceof ValidationError) throw this.error('invalid_pk_value', { pk: key });
        throw error;
      }
    });
    const rows = await this.queryset.filter({ [`${this.keyName}__in`]: converted });
    const found = new Set(rows.map((row) => this.keyOf(row)));
    for (const key of converted) {
      if (!found.has(String(key))) throw new ValidationError(`Select a valid choice. ${String(key)} is not one of the available choices.`);
    }
    this.runValidators(rows);
    return rows;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const before = new Set((Array.isArray(initial) ? initial : []).map((v) => this.keyOf(v)));
    const after = new Set((Array.isArray(data) ? data : data ? [data] : []).map((v) => String(v)));
    return before.size !== after.size || [...before].some((v) => !after.has(v));
  }
}

