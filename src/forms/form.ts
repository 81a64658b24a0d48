// Forms: declare fields with form({...}) as models are declared with model({...}),
//
//   class ContactForm extends form({ subject: CharField({ maxLength: 100 }), email: EmailField() }) {
//     cleanSubject() { return this.cleanedData.subject.toUpperCase(); }
//   }
//   const f = new ContactForm({ data: await request.form() });
//   if (await f.isValid()) f.cleanedData.subject; // string, typed from the declaration
//
// Validation is asynchronous (a model choice looks its row up, a clean hook may query);
// rendering is synchronous, so {{ form }} and {{ form.subject }} print in any template.
import { BadRequest } from '../http/errors';
import type { Request } from '../http/request';
import type { Markup } from '../template/markup';
import { BoundField, type FormHost } from './bound-field';
import { ErrorList } from './error-list';
import { FormError, ValidationError } from './errors';
import { messagesOf, type CleanedValue, type FormField } from './field';
import { FileField } from './fields/file';
import { renderFormTemplate } from './renderer';
import { asFormData, type FormData } from './widgets/data';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any field kind: each takes and gives its own value type
export type AnyFormField = FormField<any, any, any>;
export type FieldMap = Record<string, AnyFormField>;

/** cleanedData's type: each field's cleaned value, `| null` (or '') where the field is optional. */
export type CleanedData<F extends FieldMap> = { -readonly [K in keyof F]: CleanedValue<F[K]> };

export const NON_FIELD_ERRORS = '__all__';

export interface FormOptions {
  /** Submitted fields: `await request.form()`, or a plain object such as a JSON body. A form with data is bound. */
  data?: FormData | Record<string, unknown> | null;
  /** Uploaded files: `await request.files()`. */
  files?: FormData | Record<string, unknown> | null;
  /** Values an unbound form shows, by field name (they win over each field's `initial`). */
  initial?: Record<string, unknown>;
  /** Prefixes every field's name (`prefix-name`), for several forms in one <form>. */
  prefix?: string | null;
  /** The id format of inputs ('id_%s', the default), or false for none. */
  autoId?: string | false;
  labelSuffix?: string;
  /** An unchanged form is valid with no data (a formset's extra forms). */
  emptyPermitted?: boolean;
  /** Print `required` on inputs of required fields (default true). */
  useRequiredAttribute?: boolean;
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Per form class: each field's hook name, and the hook its prototype chain has (looked up once, not per form). */
const hookCache = new WeakMap<object, Map<string, { key: string; hook: unknown }>>();

/** The form's clean<Field>() for `name`: a method of its class, or a function the instance holds itself. */
function cleanHook(form: Record<string, unknown>, name: string): ((this: unknown) => unknown) | undefined {
  const proto = Object.getPrototypeOf(form) as object;
  let hooks = hookCache.get(proto);
  if (!hooks) hookCache.set(proto, (hooks = new Map()));
  let entry = hooks.get(name);
  if (!entry) {
    const key = `clean${capitalize(name)}`;
    entry = { key, hook: (proto as Record<string, unknown>)[key] };
    hooks.set(name, entry);
  }
  const hook = Object.prototype.hasOwnProperty.call(form, entry.key) ? form[entry.key] : entry.hook;
  return typeof hook === 'function' ? (hook as (this: unknown) => unknown) : undefined;
}

export class BaseForm<F extends FieldMap = FieldMap> implements FormHost, Iterable<BoundField> {
  /** The declared fields; each instance works on copies (`this.fields`), which it may change. */
  static baseFields: FieldMap = {};

  templateName = 'forms/div.html';
  templateNameDiv = 'forms/div.html';
  templateNameP = 'forms/p.html';
  templateNameTable = 'forms/table.html';
  templateNameUl = 'forms/ul.html';
  requiredCssClass = '';
  errorCssClass = '';

  /**
   * The declared fields, shared until this form's `fields` is read: validating and
   * rendering change no field, so a form that never touches `fields` copies none
   * (Django deep-copies them per form). Reading `fields` gives this form its own
   * copies, which it may change (choices, widgets, required) without touching the
   * declaration or any other form.
   */
  private shared: FieldMap | null;
  private own: F | null = null;
  readonly isBound: boolean;
  readonly data: FormData;
  readonly files: FormData;
  readonly initial: Record<string, unknown>;
  readonly prefix: string | null;
  readonly autoId: string | false;
  readonly labelSuffix: string;
  readonly emptyPermitted: boolean;
  readonly useRequiredAttribute: boolean;

  private errorMap: Record<string, string[]> | null = null;
  private cleaned: Record<string, unknown> | null = null;
  private readonly boundFields = new Map<string, BoundField>();

  constructor(options: FormOptions = {}) {
    this.isBound = options.data !== undefined && options.data !== null || (options.files !== undefined && options.files !== null);
    this.data = asFormData(options.data);
    this.files = asFormData(options.files);
    this.initial = options.initial ?? {};
    this.prefix = options.prefix ?? null;
    this.autoId = options.autoId === undefined ? 'id_%s' : options.autoId;
    this.labelSuffix = options.labelSuffix ?? ':';
    this.emptyPermitted = options.emptyPermitted ?? false;
    this.useRequiredAttribute = options.useRequiredAttribute ?? !this.emptyPermitted;
    this.shared = (this.constructor as typeof BaseForm).baseFields;
  }

  /** This form's own copies of the fields, which it may change. */
  get fields(): F {
    if (this.own) return this.own;
    const fields: FieldMap = {};
    for (const name of Object.keys(this.shared!)) fields[name] = this.shared![name].clone();
    this.own = fields as F;
    this.shared = null;
    // Bound fields made so far point at the shared fields: they are made again.
    this.boundFields.clear();
    return this.own;
  }

  /** The fields to read: this form's copies once made, else the shared declaration (never to be changed). */
  private get fieldMap(): FieldMap {
    return this.own ?? this.shared!;
  }

  addPrefix(name: string): string {
    return this.prefix ? `${this.prefix}-${name}` : name;
  }

  /** The field bound to this form: `form.get('title')`, or `form.title` when the name is free. */
  get(name: string): BoundField {
    let bound = this.boundFields.get(name);
    if (bound) return bound;
    const field = this.fieldMap[name];
    if (!field) throw new FormError('HYPER_FORM_UNKNOWN_FIELD', `${this.constructor.name} has no field '${name}': its fields are ${Object.keys(this.fieldMap).join(', ') || '(none)'}.`);
    bound = new BoundField(this, field, name);
    this.boundFields.set(name, bound);
    return bound;
  }

  *[Symbol.iterator](): Iterator<BoundField> {
    for (const name of Object.keys(this.fieldMap)) yield this.get(name);
  }

  /** The value the widget reads from the data (prefixed name). */
  rawValue(name: string): unknown {
    const field = this.fieldMap[name];
    return field.widget.valueFromData(this.data, this.files, this.addPrefix(name));
  }

  initialFor(name: string, field: FormField): unknown {
    const value = Object.prototype.hasOwnProperty.call(this.initial, name) ? this.initial[name] : field.initialValue();
    return typeof value === 'function' ? (value as () => unknown)() : value;
  }

  /** Whether fullClean() has run; errors and cleanedData are there only after it. */
  get validated(): boolean {
    return this.errorMap !== null;
  }

  private requireValidated(what: string): void {
    if (!this.validated) throw new FormError('HYPER_FORM_NOT_VALIDATED', `${this.constructor.name}.${what} is read before validation: call await form.isValid() (or await form.fullClean()) first.`);
  }

  /** Messages by field name (`__all__` for the form's own), after validation; an unbound form has none. */
  get errors(): Record<string, ErrorList> {
    if (!this.isBound) return {};
    this.requireValidated('errors');
    const out: Record<string, ErrorList> = {};
    for (const [name, messages] of Object.entries(this.errorMap!)) out[name] = ErrorList.fromMessages(messages, name === NON_FIELD_ERRORS ? 'errorlist nonfield' : 'errorlist', name === NON_FIELD_ERRORS ? null : this.get(name).autoId || null);
    return out;
  }

  fieldErrors(name: string): string[] {
    if (!this.isBound) return [];
    this.requireValidated('errors');
    return this.errorMap![name] ?? [];
  }

  nonFieldErrors(): ErrorList {
    return ErrorList.fromMessages(this.isBound ? this.fieldErrors(NON_FIELD_ERRORS) : [], 'errorlist nonfield');
  }

  /** The cleaned values, typed from the declaration; valid fields only when the form is invalid. */
  get cleanedData(): CleanedData<F> {
    if (this.cleaned === null) {
      throw new FormError('HYPER_FORM_NOT_VALIDATED', `${this.constructor.name}.cleanedData is read before validation${this.isBound ? '' : ' (and the form is not bound to data)'}: call await form.isValid() first.`);
    }
    return this.cleaned as CleanedData<F>;
  }

  /** cleanedData, or {} before validation (for formsets, which read the forms they skipped too). */
  cleanedDataOrEmpty(): Record<string, unknown> {
    return this.cleaned ?? {};
  }

  /** Loads initial values that need the database (a ModelForm's many-to-many fields); isValid() calls it. */
  async loadInitial(): Promise<void> {}

  /**
   * Loads what rendering needs and cannot wait for: the initial values, and the choices
   * of model choice fields (validation looks a value up without them). The edit views
   * call it; call it before rendering a form with a ModelChoiceField yourself.
   */
  async prepare(): Promise<void> {
    await this.loadInitial();
    type Loader = { loadChoices?: () => Promise<void>; choicesLoaded?: boolean };
    const unloaded = (field: unknown) => typeof (field as Loader).loadChoices === 'function' && !(field as Loader).choicesLoaded;
    // The choices are loaded into this form's own copies (the declaration stays as declared).
    if (!Object.values(this.fieldMap).some(unloaded)) return;
    for (const field of Object.values(this.fields)) if (unloaded(field)) await (field as Loader).loadChoices!();
  }

  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    await this.loadInitial();
    if (!this.validated) await this.fullClean();
    return Object.keys(this.errorMap!).length === 0;
  }

  /** Cleans every field, then the clean<Field>() hooks, then clean(), collecting every error. */
  async fullClean(): Promise<void> {
    this.errorMap = {};
    if (!this.isBound) return;
    this.cleaned = {};
    if (this.emptyPermitted && !this.hasChanged()) return;
    await this.cleanFields();
    // The hooks a form class leaves as they are do nothing: they are not awaited.
    if (this.clean !== BaseForm.prototype.clean) await this.cleanForm();
    if (this.postClean !== BaseForm.prototype.postClean) await this.postClean();
  }

  private async cleanFields(): Promise<void> {
    const self = this as unknown as Record<string, unknown>;
    for (const name of Object.keys(this.fieldMap)) {
      const field = this.fieldMap[name] as FormField;
      const initial = field.disabled || (field as unknown) instanceof FileField ? this.initialFor(name, field) : undefined;
      const value = field.disabled ? initial : this.rawValue(name);
      let outcome = field.cleanOutcome(value, initial);
      if (outcome instanceof Promise) outcome = await outcome;
      if (outcome.messages) {
        // The field never reached cleanedData: its messages are filed directly.
        const filed = (this.errorMap![name] ??= []);
        for (const message of outcome.messages) filed.push(message);
        continue;
      }
      this.cleaned![name] = outcome.value;
      const hook = cleanHook(self, name);
      if (hook === undefined) continue;
      try {
        this.cleaned![name] = await (hook as () => unknown).call(this);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.addError(name, error);
      }
    }
  }

  private async cleanForm(): Promise<void> {
    try {
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(null, error);
    }
  }

  /** Rules across fields: read this.cleanedData, throw a ValidationError or call addError(). */
  clean(): void | Promise<void> {}

  /** After clean(): ModelForm validates its instance here. */
  protected postClean(): void | Promise<void> {}

  /**
   * Files an error under a field (null: the form's own). A ValidationError of several
   * fields ({ start: [...], end: [...] }) with field null files each under its name.
   * The field leaves cleanedData.
   */
  addError(field: string | null, error: string | string[] | ValidationError): void {
    this.errorMap ??= {};
    let byField: Record<string, string[]>;
    if (error instanceof ValidationError) {
      const keys = Object.keys(error.errors);
      byField = field === null && !(keys.length === 1 && keys[0] === NON_FIELD_ERRORS) ? { ...error.errors } : { [field ?? NON_FIELD_ERRORS]: messagesOf(error) };
    } else {
      byField = { [field ?? NON_FIELD_ERRORS]: Array.isArray(error) ? error : [error] };
    }
    for (const [name, messages] of Object.entries(byField)) {
      if (name !== NON_FIELD_ERRORS && !(name in this.fieldMap)) throw new FormError('HYPER_FORM_UNKNOWN_FIELD', `addError(): ${this.constructor.name} has no field '${name}': its fields are ${Object.keys(this.fieldMap).join(', ')}.`);
      (this.errorMap[name] ??= []).push(...messages);
      if (this.cleaned && name in this.cleaned) delete this.cleaned[name];
    }
  }

  hasError(field: string | null): boolean {
    return this.validated && (this.errorMap![field ?? NON_FIELD_ERRORS]?.length ?? 0) > 0;
  }

  /** The names of fields whose submitted value differs from the initial one. */
  get changedData(): string[] {
    return Object.keys(this.fieldMap).filter((name) => this.get(name).hasChanged());
  }

  hasChanged(): boolean {
    return this.changedData.length > 0;
  }

  /** Whether the form needs enctype="multipart/form-data" (it has a file input). */
  isMultipart(): boolean {
    return Object.values(this.fieldMap).some((field) => (field as FormField).widget.needsMultipartForm);
  }

  hiddenFields(): BoundField[] {
    return [...this].filter((field) => field.isHidden);
  }

  visibleFields(): BoundField[] {
    return [...this].filter((field) => !field.isHidden);
  }

  /** What the form templates get: visible fields with their errors, hidden ones, and the form's own errors. */
  getContext(): Record<string, unknown> {
    const fields: Array<[BoundField, ErrorList]> = [];
    const hiddenFields: BoundField[] = [];
    const topErrors = [...this.nonFieldErrors()];
    for (const bound of this) {
      const errors = bound.errors;
      if (bound.isHidden) {
        for (const message of errors) topErrors.push(`(Hidden field ${bound.name}) ${message}`);
        hiddenFields.push(bound);
      } else {
        fields.push([bound, errors]);
      }
    }
    return { form: this, fields, hiddenFields, errors: ErrorList.fromMessages(topErrors, 'errorlist nonfield') };
  }

  render(templateName?: string, context?: Record<string, unknown>): Markup {
    return renderFormTemplate(templateName ?? this.templateName, context ?? this.getContext());
  }

  asDiv(): Markup {
    return this.render(this.templateNameDiv);
  }
  asP(): Markup {
    return this.render(this.templateNameP);
  }
  asTable(): Markup {
    return this.render(this.templateNameTable);
  }
  asUl(): Markup {
    return this.render(this.templateNameUl);
  }

  __html__(): Markup {
    return this.render();
  }

  toString(): string {
    return this.render().html;
  }
}

/** The options a form is bound with from a request: its form fields and files, or its JSON body. */
export async function requestData(request: Request): Promise<Pick<FormOptions, 'data' | 'files'>> {
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(request.contentType)) {
    const body = await request.json();
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('The JSON body must be an object of field values ({"title": ...}), not ' + (Array.isArray(body) ? 'an array' : JSON.stringify(body)) + '.');
    return { data: body as Record<string, unknown> };
  }
  return { data: await request.form(), files: await request.files() };
}

type BoundFields<F extends FieldMap> = { readonly [K in Exclude<keyof F, keyof BaseForm>]: BoundField };

export interface FormClass<F extends FieldMap> {
  new (options?: FormOptions): BaseForm<F> & BoundFields<F>;
  readonly baseFields: F;
  readonly prototype: BaseForm<F>;
}

/** Gives each field its name and, where the name is not a member of the form, a `form.name` accessor. */
export function declareFields(target: { readonly prototype: object }, fields: FieldMap): void {
  for (const [name, field] of Object.entries(fields)) {
    field.name = name;
    if (!(name in BaseForm.prototype) && !Object.prototype.hasOwnProperty.call(target.prototype, name)) {
      Object.defineProperty(target.prototype, name, {
        get(this: BaseForm) {
          return this.get(name);
        },
        configurable: true,
      });
    }
  }
}

/** A form class of these fields: `class ContactForm extends form({ ... }) {}`. */
export function form<const F extends FieldMap>(fields: F): FormClass<F> {
  const Declared = class extends BaseForm<F> {
    static override baseFields: FieldMap = fields;
  };
  declareFields(Declared, fields);
  return Declared as unknown as FormClass<F>;
}
