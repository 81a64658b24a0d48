// Formsets: several forms of one class in one <form>, counted by a management form
// (TOTAL_FORMS, INITIAL_FORMS ...) as Django's, with extra blank forms, min/max,
// deletion and ordering. A management form that is missing or tampered with is an
// error of the formset (nonFormErrors()), never an exception; the number of forms
// read is capped by absoluteMax, whatever TOTAL_FORMS says.
import type { Markup } from '../template/markup';
import { ErrorList } from './error-list';
import { ValidationError } from './errors';
import { messagesOf } from './field';
import { BooleanField } from './fields/choice';
import { IntegerField } from './fields/numeric';
import { BaseForm, form, type FormOptions } from './form';
import { renderFormTemplate } from './renderer';
import { asFormData, type FormData } from './widgets/data';
import { HiddenInput, NumberInput } from './widgets/widget';

export const TOTAL_FORM_COUNT = 'TOTAL_FORMS';
export const INITIAL_FORM_COUNT = 'INITIAL_FORMS';
export const MIN_NUM_FORM_COUNT = 'MIN_NUM_FORMS';
export const MAX_NUM_FORM_COUNT = 'MAX_NUM_FORMS';
export const ORDERING_FIELD_NAME = 'ORDER';
export const DELETION_FIELD_NAME = 'DELETE';
const DEFAULT_MAX_NUM = 1000;

export class ManagementForm extends form({
  [TOTAL_FORM_COUNT]: new IntegerField({ minValue: 0, widget: new HiddenInput() }),
  [INITIAL_FORM_COUNT]: new IntegerField({ minValue: 0, widget: new HiddenInput() }),
  [MIN_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: new HiddenInput() }),
  [MAX_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: new HiddenInput() }),
}) {}

export interface FormSetOptions {
  extra?: number;
  canOrder?: boolean;
  canDelete?: boolean;
  /** Forms beyond the initial ones are not offered past maxNum (default 1000). */
  maxNum?: number;
  minNum?: number;
  validateMax?: boolean;
  validateMin?: boolean;
  /** The most forms a submission is read as, whatever TOTAL_FORMS says (default maxNum + 1000). */
  absoluteMax?: number;
  /** Extra forms get a delete box too (default true). */
  canDeleteExtra?: boolean;
}

export interface FormSetInit {
  data?: FormData | Record<string, unknown> | null;
  files?: FormData | Record<string, unknown> | null;
  /** Each form's initial values: these are the formset's initial forms. */
  initial?: Array<Record<string, unknown>>;
  prefix?: string;
  autoId?: string | false;
  /** Passed to every form's constructor. */
  formKwargs?: Record<string, unknown>;
}

type FormConstructor = new (options?: FormOptions) => BaseForm;

export class BaseFormSet<TForm extends BaseForm = BaseForm> implements Iterable<TForm> {
  static form: FormConstructor;
  static settings: Required<FormSetOptions>;
  templateName = 'forms/formsets/div.html';

  readonly isBound: boolean;
  readonly data: FormData;
  readonly files: FormData;
  readonly prefix: string;
  readonly autoId: string | false;
  readonly initial: Array<Record<string, unknown>>;
  readonly formKwargs: Record<string, unknown>;
  private builtForms: TForm[] | null = null;
  private management: ManagementForm | null = null;
  private formErrors: ErrorList | null = null;
  private counts: { total: number; initial: number } | null = null;

  constructor(init: FormSetInit = {}) {
    this.isBound = init.data !== undefined && init.data !== null;
    this.data = asFormData(init.data);
    this.files = asFormData(init.files);
    this.prefix = init.prefix ?? (this.constructor as typeof BaseFormSet).defaultPrefix();
    this.autoId = init.autoId === undefined ? 'id_%s' : init.autoId;
    this.initial = init.initial ?? [];
    this.formKwargs = init.formKwargs ?? {};
  }

  static defaultPrefix(): string {
    return 'form';
  }

  get options(): Required<FormSetOptions> {
    return (this.constructor as typeof BaseFormSet).settings;
  }

  /** The management form: bound to the submitted counts, or holding the counts to print. */
  get managementForm(): ManagementForm {
    if (this.management) return this.management;
    if (this.isBound) {
      this.management = new ManagementForm({ data: this.data, prefix: this.prefix, autoId: this.autoId });
    } else {
      this.management = new ManagementForm({
        prefix: this.prefix,
        autoId: this.autoId,
        initial: { [TOTAL_FORM_COUNT]: this.totalFormCount(), [INITIAL_FORM_COUNT]: this.initialFormCount(), [MIN_NUM_FORM_COUNT]: this.options.minNum, [MAX_NUM_FORM_COUNT]: this.options.maxNum },
      });
    }
    return this.management;
  }

  /** The submitted counts, read synchronously (their fields clean without waiting); null when missing or tampered with. */
  private submittedCounts(): { total: number; initial: number } | null {
    if (this.counts) return this.counts;
    const read = (name: string): number | null => {
      const field = (ManagementForm.baseFields as Record<string, IntegerField>)[name];
      try {
        return field.clean(this.data.get(`${this.prefix}-${name}`)) as number | null;
      } catch {
        return null;
      }
    };
    const total = read(TOTAL_FORM_COUNT);
    const initial = read(INITIAL_FORM_COUNT);
    if (total === null || initial === null) return null;
    this.counts = { total, initial };
    return this.counts;
  }

  get managementFormValid(): boolean {
    return !this.isBound || this.submittedCounts() !== null;
  }

  totalFormCount(): number {
    const { extra, minNum, maxNum, absoluteMax } = this.options;
    if (this.isBound) return Math.min(this.submittedCounts()?.total ?? 0, absoluteMax);
    const initialForms = this.initialFormCount();
    let total = Math.max(initialForms, minNum) + extra;
    if (initialForms > maxNum && maxNum >= 0) total = initialForms;
    else if (total > maxNum && maxNum >= 0) total = maxNum;
    return total;
  }

  initialFormCount(): number {
    if (this.isBound) return Math.min(this.submittedCounts()?.initial ?? 0, this.totalFormCount());
    return this.initial.length;
  }

  /** The forms, built on first use. */
  get forms(): TForm[] {
    if (!this.builtForms) {
      const count = this.totalFormCount();
      this.builtForms = Array.from({ length: count }, (_, i) => this.constructForm(i));
    }
    return this.builtForms;
  }

  [Symbol.iterator](): Iterator<TForm> {
    return this.forms[Symbol.iterator]();
  }

  /** The options form `i` is made with. */
  protected formOptions(i: number): FormOptions & Record<string, unknown> {
    const options: FormOptions & Record<string, unknown> = {
      ...this.formKwargs,
      prefix: `${this.prefix}-${i}`,
      autoId: this.autoId,
      useRequiredAttribute: false,
      // An extra form left blank is valid (and ignored); the first minNum forms are not extra.
      emptyPermitted: i >= this.initialFormCount() && i >= this.options.minNum,
    };
    if (this.isBound) {
      options.data = this.data;
      options.files = this.files;
    }
    if (i < this.initialFormCount() && this.initial[i]) options.initial = this.initial[i];
    return options;
  }

  protected constructForm(i: number): TForm {
    const FormClass = (this.constructor as typeof BaseFormSet).form;
    const made = new FormClass(this.formOptions(i)) as TForm;
    this.addFields(made, i);
    return made;
  }

  /** Adds the ORDER and DELETE fields a formset asks for. */
  addFields(target: BaseForm, index: number | null): void {
    const fields = target.fields as Record<string, BaseForm['fields'][string]>;
    const initialCount = this.initialFormCount();
    if (this.options.canOrder) {
      const field = new IntegerField({ label: 'Order', required: false, widget: new NumberInput() });
      fields[ORDERING_FIELD_NAME] = field;
      if (index !== null && index < initialCount) (target.initial)[ORDERING_FIELD_NAME] = index + 1;
    }
    if (this.options.canDelete && (this.options.canDeleteExtra || (index !== null && index < initialCount))) {
      fields[DELETION_FIELD_NAME] = new BooleanField({ label: 'Delete', required: false });
    }
  }

  /** An empty form with the `__prefix__` placeholder, for adding forms in the browser. */
  get emptyForm(): TForm {
    const FormClass = (this.constructor as typeof BaseFormSet).form;
    const made = new FormClass({ ...this.formKwargs, prefix: `${this.prefix}-__prefix__`, autoId: this.autoId, emptyPermitted: true, useRequiredAttribute: false }) as TForm;
    this.addFields(made, null);
    return made;
  }

  /** Loads what the forms are built from (a model formset's rows); validation needs it. */
  async loadRows(): Promise<void> {}

  /** Loads what rendering needs: the rows, and each form's initial values and model choices. */
  async prepare(): Promise<void> {
    await this.loadRows();
    for (const f of this.forms) await f.prepare();
  }

  shouldDeleteForm(f: BaseForm): boolean {
    if (!this.options.canDelete || !(DELETION_FIELD_NAME in f.fields)) return false;
    if (f.validated && f.isBound) {
      const cleaned = f.cleanedDataOrEmpty();
      return cleaned[DELETION_FIELD_NAME] === true;
    }
    return false;
  }

  get deletedForms(): TForm[] {
    return this.forms.filter((f) => this.shouldDeleteForm(f));
  }

  /** The forms in the order their ORDER fields give (blank last), deleted forms left out. */
  get orderedForms(): TForm[] {
    const kept = this.forms.filter((f, i) => !this.shouldDeleteForm(f) && !(i >= this.initialFormCount() && !f.hasChanged()));
    const orderOf = (f: TForm) => f.cleanedDataOrEmpty()[ORDERING_FIELD_NAME] as number | null | undefined;
    return kept
      .map((f, i) => ({ f, i, order: orderOf(f) }))
      .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.i - b.i)
      .map(({ f }) => f);
  }

  /** Validates every form, then the counts, then clean(). */
  async fullClean(): Promise<void> {
    const errors: string[] = [];
    this.formErrors = ErrorList.fromMessages([], 'errorlist nonform');
    if (!this.isBound) return;
    await this.managementForm.fullClean();
    if (!this.managementFormValid) {
      const missing = Object.keys(this.managementForm.errors).filter((name) => name !== '__all__');
      errors.push(`ManagementForm data is missing or has been tampered with. Missing fields: ${missing.map((n) => `${this.prefix}-${n}`).join(', ')}. You may need to file a bug report if the issue persists.`);
    }
    await this.loadRows();
    let emptyForms = 0;
    for (const [i, f] of this.forms.entries()) {
      await f.loadInitial();
      if (i >= this.initialFormCount() && !f.hasChanged()) emptyForms += 1;
      await f.fullClean();
    }
    const deleted = this.deletedForms.length;
    const { maxNum, minNum, validateMax, validateMin, absoluteMax } = this.options;
    const submitted = this.submittedCounts()?.total ?? 0;
    if ((validateMax && this.totalFormCount() - deleted > maxNum) || submitted > absoluteMax) {
      errors.push(`Please submit at most ${maxNum} form${maxNum === 1 ? '' : 's'}.`);
    }
    if (validateMin && this.totalFormCount() - deleted - emptyForms < minNum) {
      errors.push(`Please submit at least ${minNum} form${minNum === 1 ? '' : 's'}.`);
    }
    try {
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...messagesOf(error));
    }
    this.formErrors = ErrorList.fromMessages(errors, 'errorlist nonform');
  }

  /** Rules across the forms: throw a ValidationError (it becomes a non-form error). */
  clean(): void | Promise<void> {}

  nonFormErrors(): ErrorList {
    return this.formErrors ?? ErrorList.fromMessages([], 'errorlist nonform');
  }

  /** Each form's errors, in order. */
  get errors(): Array<Record<string, ErrorList>> {
    return this.forms.map((f) => (this.shouldDeleteForm(f) ? {} : f.errors));
  }

  totalErrorCount(): number {
    return this.nonFormErrors().length + this.errors.reduce((sum, byField) => sum + Object.values(byField).reduce((n, list) => n + list.length, 0), 0);
  }

  async isValid(): Promise<boolean> {
    if (!this.isBound) return false;
    if (this.formErrors === null) await this.fullClean();
    const formsValid = this.forms.every((f) => this.shouldDeleteForm(f) || Object.keys(f.errors).length === 0);
    return formsValid && this.nonFormErrors().length === 0;
  }

  /** Each form's cleaned values (deleted forms included, as Django's). */
  get cleanedData(): Array<Record<string, unknown>> {
    return this.forms.map((f) => f.cleanedDataOrEmpty());
  }

  hasChanged(): boolean {
    return this.forms.some((f) => f.hasChanged());
  }

  isMultipart(): boolean {
    return this.forms.length ? this.forms[0].isMultipart() : this.emptyForm.isMultipart();
  }

  render(templateName?: string): Markup {
    return renderFormTemplate(templateName ?? this.templateName, { formset: this });
  }
  asDiv(): Markup {
    return this.render('forms/formsets/div.html');
  }
  asP(): Markup {
    return this.render('forms/formsets/p.html');
  }
  asTable(): Markup {
    return this.render('forms/formsets/table.html');
  }
  __html__(): Markup {
    return this.render();
  }
}

export interface FormSetClass<TForm extends BaseForm> {
  new (init?: FormSetInit): BaseFormSet<TForm>;
  readonly form: FormConstructor;
  readonly settings: Required<FormSetOptions>;
}

export function formsetSettings(options: FormSetOptions): Required<FormSetOptions> {
  const maxNum = options.maxNum ?? DEFAULT_MAX_NUM;
  return {
    extra: options.extra ?? 1,
    canOrder: options.canOrder ?? false,
    canDelete: options.canDelete ?? false,
    maxNum,
    minNum: options.minNum ?? 0,
    validateMax: options.validateMax ?? false,
    validateMin: options.validateMin ?? false,
    absoluteMax: options.absoluteMax ?? maxNum + DEFAULT_MAX_NUM,
    canDeleteExtra: options.canDeleteExtra ?? true,
  };
}

/** A formset class of `formClass`: `const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true })`. */
export function formsetFactory<TForm extends BaseForm>(formClass: new (options?: FormOptions) => TForm, options: FormSetOptions = {}): FormSetClass<TForm> {
  const settings = formsetSettings(options);
  return class extends BaseFormSet<TForm> {
    static override form = formClass as FormConstructor;
    static override settings = settings;
  } as unknown as FormSetClass<TForm>;
}
