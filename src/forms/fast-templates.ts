// The framework's own form and widget templates as plain functions: the same HTML,
// character for character, without a template render per widget (a 12-field form
// rendered twelve widget templates, its error lists and its layout). renderer.ts
// uses one only while the template it stands for is the framework's file: a
// project's template of the same name, or another templateName, renders through the
// engine as before. A function may decline (null) a context it does not cover.
import { escapeHtml as e } from '../template/markup';
import { flatAttrs } from './widgets/attrs';

export type FastTemplate = (context: Record<string, unknown>) => string | null;

type WidgetView = { name: unknown; type: unknown; value: unknown; attrs: Record<string, string | number | boolean | null | undefined>; optgroups?: Array<[unknown, Array<Record<string, unknown>>, number]> };
const widgetOf = (context: Record<string, unknown>) => context.widget as WidgetView;
/** Python's truthiness, as the templates' {% if %}: empty strings and lists are false. */
const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

function input(context: Record<string, unknown>): string {
  const w = widgetOf(context);
  return inputHtml(w.type, w.name, w.value, flatAttrs(w.attrs).html);
}

/** forms/widgets/input.html (and the input kinds' copies of it) with its values given. */
export function inputHtml(type: unknown, name: unknown, value: unknown, attrsHtml: string): string {
  return `<input type="${e(type)}" name="${e(name)}"${value !== null ? ` value="${e(value)}"` : ''}${attrsHtml}>`;
}

function textarea(context: Record<string, unknown>): string {
  const w = widgetOf(context);
  return `<textarea name="${e(w.name)}"${flatAttrs(w.attrs).html}>\n${truthy(w.value) ? e(w.value) : ''}</textarea>`;
}

const OPTION = 'forms/widgets/select_option.html';

function select(context: Record<string, unknown>): string | null {
  const w = widgetOf(context);
  let out = `<select name="${e(w.name)}"${flatAttrs(w.attrs).html}>`;
  for (const [group, options] of w.optgroups ?? []) {
    if (truthy(group)) out += `\n  <optgroup label="${e(group)}">`;
    for (const option of options) {
      // An option with its own template is left to the engine.
      if (option.templateName !== OPTION) return null;
      out += `\n  <option value="${e(option.value)}"${flatAttrs(option.attrs as WidgetView['attrs']).html}>${e(option.label)}</option>`;
    }
    if (truthy(group)) out += '\n  </optgroup>';
  }
  return `${out}\n</select>`;
}

function errorList(context: Record<string, unknown>): string {
  const errors = context.errors as unknown[];
  if (!truthy(errors)) return '';
  let out = `<ul class="${e(context.errorClass)}"${truthy(context.fieldId) ? ` id="${e(context.fieldId)}_error"` : ''}>`;
  for (const error of errors) out += `<li>${e(error)}</li>`;
  return `${out}</ul>`;
}

/** What the layouts read of a bound field (BoundField). */
interface FieldView {
  label: unknown;
  helpText: unknown;
  autoId: unknown;
  useFieldset: boolean;
  cssClasses(): unknown;
  labelTag(): unknown;
  legendTag(): unknown;
}

interface FormView {
  errors: unknown;
  fields: Array<[FieldView, unknown]>;
  hiddenFields: unknown[];
}

const hiddenHtml = (hidden: unknown[]) => hidden.map(e).join('');
const classAttr = (field: FieldView) => {
  const classes = field.cssClasses();
  return truthy(classes) ? ` class="${e(classes)}"` : '';
};

function layoutP(context: Record<string, unknown>): string {
  const { errors, fields, hiddenFields } = context as unknown as FormView;
  let out = `${e(errors)}\n${truthy(errors) && !fields.length ? `\n  <p>${hiddenHtml(hiddenFields)}</p>\n` : ''}\n`;
  fields.forEach(([field, fieldErrors], index) => {
    out += `\n  ${e(fieldErrors)}\n  <p${classAttr(field)}>\n    ${truthy(field.label) ? e(field.labelTag()) : ''}\n    ${e(field)}\n    `;
    if (truthy(field.helpText)) out += `\n      <span class="helptext"${truthy(field.autoId) ? ` id="${e(field.autoId)}_helptext"` : ''}>${e(field.helpText)}</span>\n    `;
    out += `\n    ${index === fields.length - 1 ? `\n      ${hiddenHtml(hiddenFields)}\n    ` : ''}\n  </p>\n`;
  });
  return `${out}\n${!fields.length && !truthy(errors) ? `\n  ${hiddenHtml(hiddenFields)}\n` : ''}`;
}

function layoutDiv(context: Record<string, unknown>): string {
  const { errors, fields, hiddenFields } = context as unknown as FormView;
  let out = `${e(errors)}\n${truthy(errors) && !fields.length ? `\n  <div>${hiddenHtml(hiddenFields)}</div>\n` : ''}\n`;
  fields.forEach(([field, fieldErrors], index) => {
    const label = truthy(field.label);
    out += `\n  <div${classAttr(field)}>\n    `;
    if (field.useFieldset) {
      out += `\n      <fieldset${truthy(field.helpText) && truthy(field.autoId) ? ` aria-describedby="${e(field.autoId)}_helptext"` : ''}>\n      ${label ? e(field.legendTag()) : ''}\n    `;
    } else {
      out += `\n      ${label ? e(field.labelTag()) : ''}\n    `;
    }
    out += `\n    ${truthy(field.helpText) ? `<div class="helptext"${truthy(field.autoId) ? ` id="${e(field.autoId)}_helptext"` : ''}>${e(field.helpText)}</div>` : ''}`;
    out += `\n    ${e(fieldErrors)}\n    ${e(field)}\n    ${field.useFieldset ? '</fieldset>' : ''}\n    ${index === fields.length - 1 ? `\n      ${hiddenHtml(hiddenFields)}\n    ` : ''}\n</div>\n`;
  });
  return `${out}\n${!fields.length && !truthy(errors) ? `\n  ${hiddenHtml(hiddenFields)}\n` : ''}`;
}

const INPUTS = ['input', 'text', 'number', 'email', 'url', 'password', 'hidden', 'date', 'datetime', 'time', 'checkbox', 'file'];

/** The template names whose source is forms/widgets/input.html's. */
export const INPUT_TEMPLATES: ReadonlySet<string> = new Set(INPUTS.map((name) => `forms/widgets/${name}.html`));

/** The framework templates that have a function, by name. */
export const FAST_TEMPLATES: ReadonlyMap<string, FastTemplate> = new Map<string, FastTemplate>([
  ...INPUTS.map((name): [string, FastTemplate] => [`forms/widgets/${name}.html`, input]),
  ['forms/widgets/textarea.html', textarea],
  ['forms/widgets/select.html', select],
  ['forms/widgets/select_multiple.html', select],
  ['forms/errors/ul.html', errorList],
  ['forms/p.html', layoutP],
  ['forms/div.html', layoutDiv],
]);
