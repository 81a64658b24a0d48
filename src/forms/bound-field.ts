// A field bound to a form instance: what templates print as {{ form.title }}, with
// its id, label tag, help text and errors, and the accessibility attributes that tie
// them together (label for=, aria-describedby, aria-invalid, required).
import { escapeHtml, Markup } from '../template/markup';
import { ErrorList } from './error-list';
import type { FormField } from './field';
import { flatAttrs, type Attrs } from './widgets/attrs';
import { HiddenInput, type Widget } from './widgets/widget';

/** What a bound field needs of its form (kept narrow so form.ts and this file do not import each other). */
export interface FormHost {
  readonly isBound: boolean;
  readonly prefix: string | null;
  readonly autoId: string | false;
  readonly labelSuffix: string;
  readonly requiredCssClass: string;
  readonly errorCssClass: string;
  readonly useRequiredAttribute: boolean;
  addPrefix(name: string): string;
  fieldErrors(name: string): string[];
  rawValue(name: string): unknown;
  initialFor(name: string, field: FormField): unknown;
}

const prettyNames = new Map<string, string>();

/** 'firstName' and 'first_name' read as 'First name'. */
export function prettyName(name: string): string {
  let pretty = prettyNames.get(name);
  if (pretty === undefined) {
    pretty = makePrettyName(name);
    // Field names are a program's own, few and fixed: remembered once made.
    if (prettyNames.size < 10000) prettyNames.set(name, pretty);
  }
  return pretty;
}

function makePrettyName(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export class BoundField {
  readonly htmlName: string;
  readonly label: string;
  /** The id of the field's input: autoId with the prefixed name ('id_title'), or '' with autoId off. */
  readonly autoId: string;
  private cachedInitial: unknown;
  private hasInitial = false;

  constructor(
    readonly form: FormHost,
    readonly field: FormField,
    readonly name: string,
  ) {
    this.htmlName = form.addPrefix(name);
    this.label = field.label ?? prettyName(name);
    const format = form.autoId;
    this.autoId = format === false ? '' : format === 'id_%s' ? `id_${this.htmlName}` : format.includes('%s') ? format.replace('%s', this.htmlName) : this.htmlName;
  }

  get widget(): Widget {
    return this.field.widget;
  }
  get helpText(): string {
    return this.field.helpText;
  }
  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }
  get useFieldset(): boolean {
    return this.field.widget.useFieldset;
  }

  get idForLabel(): string {
    const id = (this.widget.attrs.id as string | undefined) ?? this.autoId;
    return id ? (this.widget.idForLabel(id) ?? '') : '';
  }

  get errors(): ErrorList {
    return ErrorList.fromMessages(this.form.fieldErrors(this.name), 'errorlist', this.autoId || null);
  }

  get initial(): unknown {
    if (!this.hasInitial) {
      this.cachedInitial = this.form.initialFor(this.name, this.field);
      this.hasInitial = true;
    }
    return this.cachedInitial;
  }

  /** The submitted value, as the widget reads it from the data. */
  get data(): unknown {
    return this.form.rawValue(this.name);
  }

  /** The value the widget prints: the submitted one when bound, else the initial one. */
  value(): unknown {
    let data = this.initial;
    if (this.form.isBound) data = this.field.boundData(this.data, data);
    return this.field.prepareValue(data);
  }

  /** The attributes the form adds to the widget: required, disabled, and the aria ties to help text and errors. */
  buildWidgetAttrs(attrs: Attrs = {}, widget: Widget = this.widget): Attrs {
    const out: Attrs = { ...attrs };
    if (widget.useRequiredAttribute(this.initial) && this.field.required && this.form.useRequiredAttribute) out.required = true;
    if (this.field.disabled) out.disabled = true;
    const errors = this.form.fieldErrors(this.name);
    if (!out['aria-describedby'] && !widget.attrs['aria-describedby'] && this.autoId && !this.isHidden) {
      const describedBy: string[] = [];
      if (this.helpText && !this.useFieldset) describedBy.push(`${this.autoId}_helptext`);
      if (errors.length) describedBy.push(`${this.autoId}_error`);
      if (describedBy.length) out['aria-describedby'] = describedBy.join(' ');
    }
    if (errors.length) out['aria-invalid'] = 'true';
    return out;
  }

  /** The widget's HTML (what {{ form.title }} prints). */
  asWidget(widget: Widget = this.widget, attrs: Attrs = {}): Markup {
    const built = this.buildWidgetAttrs(attrs, widget);
    if (this.autoId && widget.attrs.id === undefined && built.id === undefined) built.id = this.autoId;
    return widget.render(this.htmlName, this.value(), built);
  }

  asHidden(attrs: Attrs = {}): Markup {
    return this.asWidget(new HiddenInput(), attrs);
  }

  /** The CSS classes of the field's row: errorCssClass and requiredCssClass when they apply. */
  cssClasses(extra = ''): string {
    if (!extra && !this.form.errorCssClass && !this.form.requiredCssClass) return '';
    const classes = new Set(extra.split(/\s+/).filter(Boolean));
    if (this.form.errorCssClass && this.form.fieldErrors(this.name).length) classes.add(this.form.errorCssClass);
    if (this.form.requiredCssClass && this.field.required) classes.add(this.form.requiredCssClass);
    return [...classes].join(' ');
  }

  /** <label for="id_title">Title:</label>; `contents` replaces the label text. */
  labelTag(contents?: string, attrs: Attrs = {}, labelSuffix?: string, tag = 'label'): Markup {
    let text = contents ?? this.label;
    const suffix = labelSuffix ?? this.field.options.labelSuffix ?? this.form.labelSuffix;
    if (suffix && contents === undefined && text && !':?.!'.includes(text[text.length - 1])) text += suffix;
    const all: Attrs = { ...attrs };
    const id = this.idForLabel;
    if (id && tag === 'label') all.for = id;
    if (this.field.required && this.form.requiredCssClass) all.class = [all.class, this.form.requiredCssClass].filter(Boolean).join(' ');
    return new Markup(`<${tag}${flatAttrs(all).html}>${escapeHtml(text)}</${tag}>`);
  }

  /** Django's template name for labelTag(). */
  label_tag(contents?: string, attrs?: Attrs, labelSuffix?: string): Markup {
    return this.labelTag(contents, attrs, labelSuffix);
  }

  /** A <legend> for a field of several inputs (radio buttons, checkboxes) in a <fieldset>. */
  legendTag(contents?: string, attrs?: Attrs, labelSuffix?: string): Markup {
    return this.labelTag(contents, attrs, labelSuffix, 'legend');
  }

  hasChanged(): boolean {
    return this.field.hasChanged(this.initial, this.field.disabled ? this.initial : this.data);
  }

  __html__(): Markup {
    return this.asWidget();
  }

  toString(): string {
    return this.asWidget().html;
  }
}
