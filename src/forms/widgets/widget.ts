// The base widget and the <input> kinds. A widget turns a field's value into HTML
// (through its template, see ../renderer.ts) and reads the submitted value back
// out of the form's data, as Django's widgets do.
import { localtime } from '../../conf/timezone';
import { Markup } from '../../template/markup';
import { INPUT_TEMPLATES, inputHtml } from '../fast-templates';
import { renderFormTemplate, rendersFast } from '../renderer';
import { buildAttrs, flatMergedAttrs, type Attrs } from './attrs';
import type { FormData } from './data';

export interface WidgetOptions {
  attrs?: Attrs;
  /** Another template for this widget (a project's own, found before the framework's). */
  templateName?: string;
}

export type WidgetContext = Record<string, unknown> & { widget: Record<string, unknown> };

export class Widget {
  /** The template a kind of widget renders with; `templateName` given to the constructor replaces it for one widget. */
  static defaultTemplateName = 'forms/widgets/text.html';
  /** This widget's template: its kind's, or the one given to its constructor (a project's, found before the framework's). */
  templateName: string;
  inputType: string | null = null;
  isHidden = false;
  needsMultipartForm = false;
  /** Several inputs: the label points at none of them and the field is wrapped in a fieldset. */
  useFieldset = false;
  /** Set by the field: whether the browser should require a value. */
  isRequired = false;
  attrs: Attrs;

  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) };
    // Set here from the kind's static default, so that a subclass's default never overwrites the one given.
    this.templateName = options.templateName || new.target.defaultTemplateName;
  }

  /** A copy a form instance can change (attrs set per form) without changing the declaration. */
  clone(): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this);
    copy.attrs = { ...this.attrs };
    return copy;
  }

  /** The value as the widget prints it; null prints no value attribute. */
  formatValue(value: unknown): unknown {
    if (value === '' || value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString();
    return String(value);
  }

  getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    return {
      widget: {
        name,
        isHidden: this.isHidden,
        required: this.isRequired,
        value: this.formatValue(value),
        attrs: buildAttrs(this.attrs, attrs),
        templateName: this.templateName,
        type: this.inputType,
      },
    };
  }

  render(name: string, value: unknown, attrs?: Attrs, templateName?: string): Markup {
    return renderFormTemplate(templateName ?? this.templateName, this.getContext(name, value, attrs));
  }

  valueFromData(data: FormData, _files: FormData, name: string): unknown {
    return data.get(name);
  }

  valueOmittedFromData(data: FormData, _files: FormData, name: string): boolean {
    return !data.has(name);
  }

  /** The id a <label for> points at; null when the widget has no single input. */
  idForLabel(id: string): string | null {
    return id;
  }

  useRequiredAttribute(_initial: unknown): boolean {
    return !this.isHidden;
  }
}

export class Input extends Widget {
  static override defaultTemplateName = 'forms/widgets/input.html';
  /** The type given to the constructor (`new DateInput({ inputType: 'date' })`); a subclass's own type field would overwrite a plain assignment. */
  private readonly typeOverride: string | undefined;
  constructor(options: WidgetOptions & { inputType?: string } = {}) {
    super(options);
    this.typeOverride = options.inputType;
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    const context = super.getContext(name, value, attrs);
    if (this.typeOverride) context.widget.type = this.typeOverride;
    return context;
  }

  /**
   * An input kind that keeps Input's context, printed through the framework's own
   * input template, is written straight from its values (the same HTML, without the
   * context objects); another template, a project's override, or a kind with its own
   * context renders as any widget does.
   */
  override render(name: string, value: unknown, attrs?: Attrs, templateName?: string): Markup {
    const chosen = templateName ?? this.templateName;
    if (this.getContext === Input.prototype.getContext && INPUT_TEMPLATES.has(chosen) && rendersFast(chosen)) {
      return new Markup(inputHtml(this.typeOverride || this.inputType, name, this.formatValue(value), flatMergedAttrs(this.attrs, attrs)));
    }
    return super.render(name, value, attrs, templateName);
  }
}

export class TextInput extends Input {
  override inputType = 'text';
  static override defaultTemplateName = 'forms/widgets/text.html';
}
export class NumberInput extends Input {
  override inputType = 'number';
  static override defaultTemplateName = 'forms/widgets/number.html';
}
export class EmailInput extends Input {
  override inputType = 'email';
  static override defaultTemplateName = 'forms/widgets/email.html';
}
export class URLInput extends Input {
  override inputType = 'url';
  static override defaultTemplateName = 'forms/widgets/url.html';
}

export class PasswordInput extends Input {
  override inputType = 'password';
  static override defaultTemplateName = 'forms/widgets/password.html';
  /** Print the submitted value back (off by default: a password is not echoed into the page). */
  renderValue: boolean;
  constructor(options: WidgetOptions & { renderValue?: boolean } = {}) {
    super(options);
    this.renderValue = options.renderValue ?? false;
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    return super.getContext(name, this.renderValue ? value : null, attrs);
  }
}

export class HiddenInput extends Input {
  override inputType = 'hidden';
  static override defaultTemplateName = 'forms/widgets/hidden.html';
  override isHidden = true;
}

export class Textarea extends Widget {
  static override defaultTemplateName = 'forms/widgets/textarea.html';
  constructor(options: WidgetOptions = {}) {
    super({ ...options, attrs: { cols: 40, rows: 10, ...(options.attrs ?? {}) } });
  }
}

/** Dates and times print in the current time zone, in the first input format the fields accept (ISO). */
abstract class TemporalInput extends Input {
  override formatValue(value: unknown): unknown {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return this.formatDate(wallTime(value));
    return super.formatValue(value);
  }
  protected abstract formatDate(value: { date: string; time: string }): string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A Date's wall-clock date and time in the current time zone (as Django's localtime() before display). */
function wallTime(value: Date): { date: string; time: string } {
  const z = localtime(value);
  return { date: `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}`, time: `${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}` };
}

export class DateInput extends TemporalInput {
  override inputType = 'text';
  static override defaultTemplateName = 'forms/widgets/date.html';
  protected formatDate(value: { date: string }): string {
    return value.date;
  }
}
export class DateTimeInput extends TemporalInput {
  override inputType = 'text';
  static override defaultTemplateName = 'forms/widgets/datetime.html';
  protected formatDate(value: { date: string; time: string }): string {
    return `${value.date} ${value.time}`;
  }
}
export class TimeInput extends TemporalInput {
  override inputType = 'text';
  static override defaultTemplateName = 'forms/widgets/time.html';
  protected formatDate(value: { time: string }): string {
    return value.time;
  }
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false };

/** A checkbox: absent from the data means false (browsers send nothing for an unchecked box). */
export class CheckboxInput extends Input {
  override inputType = 'checkbox';
  static override defaultTemplateName = 'forms/widgets/checkbox.html';
  checkTest: (value: unknown) => boolean;
  constructor(options: WidgetOptions & { checkTest?: (value: unknown) => boolean } = {}) {
    super(options);
    this.checkTest = options.checkTest ?? ((value) => !(value === false || value === null || value === undefined || value === ''));
  }
  override formatValue(value: unknown): unknown {
    if (value === true || value === false || value === null || value === undefined || value === '') return null;
    return String(value);
  }
  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    return super.getContext(name, value, this.checkTest(value) ? { ...attrs, checked: true } : attrs);
  }
  override valueFromData(data: FormData, _files: FormData, name: string): unknown {
    if (!data.has(name)) return false;
    const value = data.get(name);
    if (typeof value === 'string') return BOOLEAN_TEXT[value.toLowerCase()] ?? Boolean(value);
    return Boolean(value);
  }
  override valueOmittedFromData(): boolean {
    return false;
  }
}
