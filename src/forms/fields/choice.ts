// Booleans and choices: BooleanField (a checkbox), NullBooleanField, ChoiceField,
// TypedChoiceField and MultipleChoiceField.
import { failing, failsSoftly, FormField, isEmptyValue, type FieldOptions } from '../field';
import { flatChoices, NullBooleanSelect, Select, SelectMultiple, type Choices, type ChoiceWidget } from '../widgets/choice';
import { CheckboxInput, type Widget } from '../widgets/widget';

export class BooleanField<O extends FieldOptions<boolean> = FieldOptions<boolean>> extends FormField<boolean, O, never> {
  protected override defaultWidget(): Widget {
    return new CheckboxInput();
  }
  override toPython(value: unknown): boolean {
    // A hidden input sends 'False' or '0' for false (Django's rule, case-insensitive).
    if (typeof value === 'string' && ['false', '0'].includes(value.toLowerCase())) return false;
    return Boolean(value);
  }
  override validate(value: boolean): void {
    if (!value && this.required) return this.fail('required');
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}

const TRUE = new Set<unknown>([true, 'True', 'true', '1', 1]);
const FALSE = new Set<unknown>([false, 'False', 'false', '0', 0]);

export class NullBooleanField<O extends FieldOptions<boolean | null> = FieldOptions<boolean | null>> extends FormField<boolean | null, O, never> {
  protected override defaultWidget(): Widget {
    return new NullBooleanSelect();
  }
  override toPython(value: unknown): boolean | null {
    return TRUE.has(value) ? true : FALSE.has(value) ? false : null;
  }
  override validate(): void {}
  override hasChanged(initial: unknown, data: unknown): boolean {
    return !this.disabled && this.toPython(initial) !== this.toPython(data);
  }
}

export interface ChoiceFieldOptions<T = string> extends FieldOptions<T> {
  /** [value, label] pairs, or [group label, pairs] for an optgroup; a function is called when the form is made. */
  choices: Choices | (() => Choices);
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/**
 * What ChoiceField and MultipleChoiceField share: their messages, and the choices (a
 * function is called when the form is made), kept in step with the widget's.
 */
abstract class ChoicesField<V, O extends ChoiceFieldOptions<V>> extends FormField<V, O, never> {
  protected override readonly defaultErrors: Record<string, string> = {
    required: 'This field is required.',
    invalid_choice: 'Select a valid choice. %(value)s is not one of the available choices.',
    invalid_list: 'Enter a list of values.',
  };
  private choiceList: Choices = [];

  constructor(options: O) {
    super(options);
    this.choices = typeof options.choices === 'function' ? options.choices() : options.choices;
  }

  get choices(): Choices {
    return this.choiceList;
  }
  set choices(value: Choices) {
    this.choiceList = value;
    (this.widget as ChoiceWidget).choices = value;
  }
}

export class ChoiceField<O extends ChoiceFieldOptions<string> = ChoiceFieldOptions<string>> extends ChoicesField<string, O> {
  protected override defaultWidget(): Widget {
    return new Select();
  }

  override toPython(value: unknown): string {
    return isEmptyValue(value) ? '' : text(Array.isArray(value) ? value[value.length - 1] : value);
  }

  override validate(value: string): void {
    super.validate(value);
    if (failing()) return;
    if (value !== '' && !this.validValue(value)) return this.fail('invalid_choice', { value });
  }

  validValue(value: string): boolean {
    return flatChoices(this.choices).some(([choice]) => text(choice) === value);
  }
}

export interface TypedChoiceFieldOptions<T> extends ChoiceFieldOptions<T> {
  /** Turns the chosen string into the value (Number, a parser); a throw is an invalid choice. */
  coerce: (value: string) => T;
  emptyValue?: T | '' | null;
}

export class TypedChoiceField<T, O extends TypedChoiceFieldOptions<T> = TypedChoiceFieldOptions<T>> extends FormField<T, O, '' | null> {
  private inner: ChoiceField<ChoiceFieldOptions<string>>;
  constructor(options: O) {
    super(options);
    this.inner = new ChoiceField({ ...(options as unknown as ChoiceFieldOptions<string>), widget: this.widget });
    this.widget = this.inner.widget;
  }
  protected override defaultWidget(): Widget {
    return new Select();
  }
  override clone(): this {
    const copy = super.clone();
    copy.inner = this.inner.clone();
    copy.inner.widget = copy.widget;
    return copy;
  }
  get choices(): Choices {
    return this.inner.choices;
  }
  set choices(value: Choices) {
    this.inner.choices = value;
  }
  override clean(value: unknown): T | '' | null {
    const chosen = this.inner.clean(value) as string;
    const empty = this.options.emptyValue === undefined ? '' : this.options.emptyValue;
    if (chosen === '') return empty as T | '' | null;
    let coerced: T;
    try {
      coerced = this.options.coerce(chosen);
    } catch {
      throw this.inner.error('invalid_choice', { value: chosen });
    }
    // Number('x') does not throw: NaN is a failed coercion too.
    if (typeof coerced === 'number' && Number.isNaN(coerced)) throw this.inner.error('invalid_choice', { value: chosen });
    this.runValidators(coerced);
    return coerced;
  }
}

export class MultipleChoiceField<O extends ChoiceFieldOptions<string[]> = ChoiceFieldOptions<string[]>> extends ChoicesField<string[], O> {
  protected override defaultWidget(): Widget {
    return new SelectMultiple();
  }
  override toPython(value: unknown): string[] {
    if (value === null || value === undefined || value === '') return [];
    if (!Array.isArray(value)) return this.fail('invalid_list');
    return value.map(text);
  }
  override validate(value: string[]): void {
    if (this.required && value.length === 0) return this.fail('required');
    const valid = new Set(flatChoices(this.choices).map(([choice]) => text(choice)));
    for (const item of value) if (!valid.has(item)) return this.fail('invalid_choice', { value: item });
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const before = new Set((Array.isArray(initial) ? initial : initial == null ? [] : [initial]).map(text));
    const after = new Set((Array.isArray(data) ? data : data == null ? [] : [data]).map(text));
    return before.size !== after.size || [...before].some((v) => !after.has(v));
  }
}

// Their refusals go through fail(), which the form's run records instead of throwing.
failsSoftly(BooleanField, NullBooleanField, ChoiceField, MultipleChoiceField);
