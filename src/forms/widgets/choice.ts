// Widgets of choices: Select, SelectMultiple, RadioSelect, CheckboxSelectMultiple
// and NullBooleanSelect. Choices are [value, label] pairs, or [group label, pairs]
// for an <optgroup>, as Django's.
import { FormError } from '../errors';
import { escapeHtml, Markup } from '../../template/markup';
import { rendersFast } from '../renderer';
import { buildAttrs, flatAttrs, type Attrs } from './attrs';
import type { FormData } from './data';
import { Widget, type WidgetContext, type WidgetOptions } from './widget';

export type Choice = readonly [unknown, string];
export type ChoiceGroup = readonly [string, ReadonlyArray<Choice>];
export type Choices = ReadonlyArray<Choice | ChoiceGroup>;

const OPTION_TEMPLATE = 'forms/widgets/select_option.html';
const SELECT_TEMPLATES: ReadonlySet<string> = new Set(['forms/widgets/select.html', 'forms/widgets/select_multiple.html']);

export const isGroup = (choice: Choice | ChoiceGroup): choice is ChoiceGroup => Array.isArray(choice[1]);

/** Every [value, label] pair, groups opened. */
export function flatChoices(choices: Choices): Choice[] {
  const out: Choice[] = [];
  for (const choice of choices) {
    if (isGroup(choice)) out.push(...choice[1]);
    else out.push(choice);
  }
  return out;
}

export interface ChoiceWidgetOptions extends WidgetOptions {
  choices?: Choices;
}

export abstract class ChoiceWidget extends Widget {
  allowMultipleSelected = false;
  optionTemplateName = 'forms/widgets/select_option.html';
  addIdIndex = true;
  checkedAttribute: Attrs = { checked: true };
  optionInheritsAttrs = true;
  choices: Choices;
  /** Set while the choices are still to be loaded (a model choice field before prepare()): rendering then is an error, not an empty list. */
  choicesPending: string | null = null;

  constructor(options: ChoiceWidgetOptions = {}) {
    super(options);
    this.choices = options.choices ?? [];
  }

  protected createOption(name: string, value: unknown, label: string, selected: boolean, index: number, subindex: number | null, attrs: Attrs): Record<string, unknown> {
    const optionAttrs: Attrs = this.optionInheritsAttrs ? buildAttrs(attrs) : {};
    if (selected) Object.assign(optionAttrs, this.checkedAttribute);
    if (optionAttrs.id) optionAttrs.id = this.idForOption(String(optionAttrs.id), subindex === null ? index : `${index}_${subindex}`);
    return { name, value: value === null || value === undefined ? '' : String(value), label, selected, index: subindex === null ? String(index) : `${index}_${subindex}`, attrs: optionAttrs, type: this.inputType, templateName: this.optionTemplateName, wrapLabel: true };
  }

  protected idForOption(id: string, index: number | string): string {
    return this.addIdIndex ? `${id}_${index}` : id;
  }

  /** [group label or null, options, index] per group, as Django's optgroups(). */
  optgroups(name: string, value: string[], attrs: Attrs): Array<[string | null, Array<Record<string, unknown>>, number]> {
    const groups: Array<[string | null, Array<Record<string, unknown>>, number]> = [];
    let hasSelected = false;
    this.choices.forEach((choice, index) => {
      const [groupName, subchoices] = isGroup(choice) ? [choice[0], choice[1]] : [null, [choice]];
      const options: Array<Record<string, unknown>> = [];
      groups.push([groupName, options, index]);
      subchoices.forEach(([optionValue, label], subindex) => {
        const text = optionValue === null || optionValue === undefined ? '' : String(optionValue);
        const selected = value.includes(text) && (!hasSelected || this.allowMultipleSelected);
        hasSelected ||= selected;
        options.push(this.createOption(name, optionValue, label, selected, index, groupName === null ? null : subindex, attrs));
      });
    });
    return groups;
  }

  override formatValue(value: unknown): string[] {
    if (value === null || value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'pk' in v ? String((v as { pk: unknown }).pk) : String(v)));
  }

  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    if (this.choicesPending) throw new FormError('HYPER_FORM_CHOICES_NOT_LOADED', this.choicesPending);
    const context = super.getContext(name, value, attrs);
    context.widget.optgroups = this.optgroups(name, context.widget.value as string[], context.widget.attrs as Attrs);
    return context;
  }

  override valueFromData(data: FormData, _files: FormData, name: string): unknown {
    return this.allowMultipleSelected ? data.getList(name) : data.get(name);
  }
}

export class Select extends ChoiceWidget {
  static override defaultTemplateName = 'forms/widgets/select.html';
  override inputType = 'select';
  override addIdIndex = false;
  override checkedAttribute: Attrs = { selected: true };
  override optionInheritsAttrs = false;

  override getContext(name: string, value: unknown, attrs?: Attrs): WidgetContext {
    const context = super.getContext(name, value, attrs);
    if (this.allowMultipleSelected) (context.widget.attrs as Attrs).multiple = true;
    return context;
  }

  /**
   * A select keeping Select's context, options and option template, printed through
   * the framework's own select template, is written straight from its choices (the
   * same HTML, without an object per option); anything else renders as any widget.
   */
  override render(name: string, value: unknown, attrs?: Attrs, templateName?: string): Markup {
    const chosen = templateName ?? this.templateName;
    const plain = this.getContext === Select.prototype.getContext && this.optgroups === ChoiceWidget.prototype.optgroups && !this.optionInheritsAttrs && this.optionTemplateName === OPTION_TEMPLATE;
    if (!plain || this.choicesPending || !SELECT_TEMPLATES.has(chosen) || !rendersFast(chosen)) return super.render(name, value, attrs, templateName);
    const selected = this.formatValue(value);
    const merged = buildAttrs(this.attrs, attrs);
    if (this.allowMultipleSelected) merged.multiple = true;
    const checked = flatAttrs(this.checkedAttribute).html;
    let out = `<select name="${escapeHtml(name)}"${flatAttrs(merged).html}>`;
    let hasSelected = false;
    for (const choice of this.choices) {
      const grouped = isGroup(choice);
      const group = grouped ? choice[0] : null;
      if (group) out += `\n  <optgroup label="${escapeHtml(group)}">`;
      for (const [optionValue, label] of grouped ? choice[1] : [choice]) {
        const text = optionValue === null || optionValue === undefined ? '' : String(optionValue);
        const isSelected: boolean = selected.includes(text) && (!hasSelected || this.allowMultipleSelected);
        hasSelected ||= isSelected;
        out += `\n  <option value="${escapeHtml(text)}"${isSelected ? checked : ''}>${escapeHtml(label)}</option>`;
      }
      if (group) out += '\n  </optgroup>';
    }
    return new Markup(`${out}\n</select>`);
  }

  /** A required <select> whose first option has an empty value may carry `required` (HTML's placeholder label option). */
  override useRequiredAttribute(initial: unknown): boolean {
    if (!super.useRequiredAttribute(initial) || this.allowMultipleSelected) return !this.isHidden;
    const first = flatChoices(this.choices)[0];
    return first !== undefined && (first[0] === '' || first[0] === null);
  }
}

export class SelectMultiple extends Select {
  override allowMultipleSelected = true;
  static override defaultTemplateName = 'forms/widgets/select_multiple.html';
  override valueOmittedFromData(): boolean {
    // An unselected <select multiple> sends nothing: that is an empty selection, not an omitted field.
    return false;
  }
}

export class NullBooleanSelect extends Select {
  constructor(options: WidgetOptions = {}) {
    super({ ...options, choices: [['unknown', 'Unknown'], ['true', 'Yes'], ['false', 'No']] });
  }
  override formatValue(value: unknown): string[] {
    const map: Record<string, string> = { true: 'true', false: 'false', True: 'true', False: 'false', '2': 'true', '3': 'false' };
    return [map[String(value)] ?? 'unknown'];
  }
  override valueFromData(data: FormData, _files: FormData, name: string): unknown {
    const value = data.get(name);
    const map: Record<string, boolean | null> = { '2': true, true: true, True: true, '3': false, false: false, False: false };
    if (value === true || value === false) return value;
    return map[String(value)] ?? null;
  }
}

export class RadioSelect extends ChoiceWidget {
  override inputType = 'radio';
  static override defaultTemplateName = 'forms/widgets/radio.html';
  override optionTemplateName = 'forms/widgets/input_option.html';
  override useFieldset = true;
  override idForLabel(_id: string): string | null {
    return null;
  }
}

export class CheckboxSelectMultiple extends RadioSelect {
  override allowMultipleSelected = true;
  override inputType = 'checkbox';
  static override defaultTemplateName = 'forms/widgets/checkbox_select.html';
  override useRequiredAttribute(): boolean {
    // The browser would require every box to be checked.
    return false;
  }
  override valueOmittedFromData(): boolean {
    return false;
  }
}
