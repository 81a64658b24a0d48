// Generic edit views, as Django's: FormView (show a form, validate the POST, redirect
// on success), CreateView and UpdateView (a ModelForm for a new or an existing row),
// DeleteView (GET asks to confirm, POST deletes). successUrl is a path, or a URL
// name that reverse() resolves with the object's fields; formValid() and formInvalid()
// are the hooks a view overrides.
import { ImproperlyConfigured } from '../core/errors';
import { form as declareForm, requestData, type BaseForm, type FormOptions } from '../forms/form';
import { modelForm, type BaseModelForm } from '../forms/model-form';
import type { Request } from '../http/request';
import { HttpResponseRedirect, type BaseResponse } from '../http/response';
import { render } from '../shortcuts';
import { NoReverseMatch, reverse } from '../urls/resolver';
import { DetailView } from './list';
import { View } from './view';

type Params = Record<string, unknown>;
type FormConstructor = new (options?: FormOptions & Record<string, unknown>) => BaseForm;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model class: the view reads its manager and builds its ModelForm
type AnyModel = any;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A path, with `{field}` filled from the object ('/posts/{id}/'), or a URL name: reversed
 * with no parameters, else with the object's key as `pk` or `id`, else its `slug`.
 */
function resolveUrl(url: string, object: unknown): string {
  const values = (object ?? {}) as Record<string, unknown>;
  if (/^(?:\/|https?:\/\/|\.|\?)/.test(url)) return url.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(values[key] ?? '')));
  const pk = (object as { pk?: unknown } | null)?.pk;
  const attempts: Array<Record<string, unknown>> = [{}];
  if (pk !== undefined && pk !== null) attempts.push({ pk }, { id: pk });
  if (values.slug !== undefined) attempts.push({ slug: values.slug });
  let failure: unknown;
  for (const params of attempts) {
    try {
      return reverse(url, { params });
    } catch (error) {
      if (!(error instanceof NoReverseMatch)) throw error;
      failure = error;
    }
  }
  throw failure;
}

/** FormView's behaviour, shared by the model edit views. */
export class FormView extends View {
  templateName: string | null = null;
  formClass: FormConstructor | null = null;
  /** Where to go after a valid submission: a path ('/thanks/', '/posts/{id}/') or a URL name ('blog:detail'). */
  successUrl: string | null = null;
  initial: Record<string, unknown> = {};
  prefix: string | null = null;
  extraContext: Record<string, unknown> = {};

  getInitial(): Record<string, unknown> {
    return { ...this.initial };
  }

  getFormClass(): FormConstructor {
    if (!this.formClass) throw new ImproperlyConfigured(`${this.constructor.name} has no formClass: set formClass (a form({...}) class), or override getFormClass().`, { code: 'HYPER_VIEW_NO_FORM_CLASS' });
    return this.formClass;
  }

  /** The form's options: initial and prefix, and the submitted data on POST, PUT and PATCH (form fields and files, or a JSON body). */
  async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    const kwargs: FormOptions & Record<string, unknown> = { initial: this.getInitial(), prefix: this.prefix };
    if (BODY_METHODS.has(this.request.method)) Object.assign(kwargs, await requestData(this.request));
    return kwargs;
  }

  async getForm(formClass: FormConstructor = this.getFormClass()): Promise<BaseForm> {
    return new formClass(await this.getFormKwargs());
  }

  getSuccessUrl(): string {
    if (!this.successUrl) throw new ImproperlyConfigured(`${this.constructor.name} has no URL to redirect to: set successUrl (a path or a URL name), or override getSuccessUrl().`, { code: 'HYPER_VIEW_NO_SUCCESS_URL' });
    return resolveUrl(this.successUrl, null);
  }

  getTemplateNames(): string[] {
    if (!this.templateName) throw new ImproperlyConfigured(`${this.constructor.name} requires a templateName or an override of getTemplateNames().`, { code: 'HYPER_VIEW_NO_TEMPLATE_NAME' });
    return [this.templateName];
  }

  async getContextData(params: Params, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = { ...params, ...this.extraContext, view: this, ...extra };
    if (!context.form) context.form = await this.getForm();
    await (context.form as BaseForm).prepare();
    return context;
  }

  /** A valid form: redirect to the success URL. */
  async formValid(_form: BaseForm): Promise<BaseResponse> {
    return new HttpResponseRedirect(this.getSuccessUrl());
  }

  /** An invalid form: show it again with its errors (status 200, as Django). */
  async formInvalid(form: BaseForm): Promise<BaseResponse> {
    return render(this.request, this.getTemplateNames(), await this.getContextData(this.params, { form }));
  }

  async get(_request: Request, params: Params): Promise<BaseResponse> {
    return render(this.request, this.getTemplateNames(), await this.getContextData(params));
  }

  async post(_request: Request, _params: Params): Promise<BaseResponse> {
    const form = await this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  put(request: Request, params: Params): Promise<BaseResponse> {
    return this.post(request, params);
  }
}

/** What CreateView and UpdateView share: the model, its ModelForm, the object. */
abstract class ModelFormView extends FormView {
  model: AnyModel = null;
  queryset: AnyModel = null;
  /** The model fields the generated ModelForm edits (or give formClass). */
  fields: string[] | '__all__' | null = null;
  object: AnyModel = null;
  templateNameSuffix = '_form';
  contextObjectName: string | null = null;
  pkUrlKwarg = 'pk';
  slugUrlKwarg = 'slug';
  slugField = 'slug';

  protected modelClass(): AnyModel {
    return this.model ?? this.queryset?.model ?? null;
  }

  override getFormClass(): FormConstructor {
    if (this.formClass) return this.formClass;
    const model = this.modelClass();
    if (!model) throw new ImproperlyConfigured(`${this.constructor.name} has no model: set model, queryset or formClass.`, { code: 'HYPER_VIEW_NO_QUERYSET' });
    if (!this.fields) throw new ImproperlyConfigured(`${this.constructor.name} makes a ModelForm of ${String(model.name)} but has no fields: set fields (['title', ...] or '__all__'), or formClass.`, { code: 'HYPER_VIEW_NO_FIELDS' });
    return modelForm(model, { fields: this.fields }) as unknown as FormConstructor;
  }

  override async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    const kwargs = await super.getFormKwargs();
    if (this.object) kwargs.instance = this.object;
    return kwargs;
  }

  override getSuccessUrl(): string {
    if (this.successUrl) return resolveUrl(this.successUrl, this.object);
    if (this.object && typeof this.object.getAbsoluteUrl === 'function') return String(this.object.getAbsoluteUrl());
    throw new ImproperlyConfigured(`${this.constructor.name} has no URL to redirect to: set successUrl (a path or a URL name), or give the model a getAbsoluteUrl().`, { code: 'HYPER_VIEW_NO_SUCCESS_URL' });
  }

  override getTemplateNames(): string[] {
    if (this.templateName) return [this.templateName];
    const model = this.modelClass();
    const meta = model?._meta as { appLabel: string; modelName: string } | undefined;
    if (!meta) return super.getTemplateNames();
    return [`${meta.appLabel}/${meta.modelName}${this.templateNameSuffix}.html`];
  }

  override async getContextData(params: Params, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context = await super.getContextData(params, extra);
    if (this.object) {
      context.object = this.object;
      const name = this.contextObjectName ?? (this.modelClass()?._meta as { modelName?: string } | undefined)?.modelName;
      if (name) context[name] = this.object;
    }
    return context;
  }

  /** Saves the form's instance and redirects. */
  override async formValid(form: BaseForm): Promise<BaseResponse> {
    this.object = await (form as BaseModelForm).save();
    return new HttpResponseRedirect(this.getSuccessUrl());
  }

  protected async lookupObject(params: Params): Promise<unknown> {
    const detail = Object.assign(new DetailView(), { model: this.model, queryset: this.queryset, pkUrlKwarg: this.pkUrlKwarg, slugUrlKwarg: this.slugUrlKwarg, slugField: this.slugField });
    return detail.getObject(params);
  }
}

export class CreateView extends ModelFormView {
  override async get(request: Request, params: Params): Promise<BaseResponse> {
    this.object = null;
    return super.get(request, params);
  }
  override async post(request: Request, params: Params): Promise<BaseResponse> {
    this.object = null;
    return super.post(request, params);
  }
}

export class UpdateView extends ModelFormView {
  /** The object to edit: from the URL's pk or slug, 404 when there is none. */
  async getObject(params: Params): Promise<unknown> {
    return this.lookupObject(params);
  }
  override async get(request: Request, params: Params): Promise<BaseResponse> {
    this.object = await this.getObject(params);
    return super.get(request, params);
  }
  override async post(request: Request, params: Params): Promise<BaseResponse> {
    this.object = await this.getObject(params);
    return super.post(request, params);
  }
}

/** The confirmation form of DeleteView: no fields, so a POST (with its CSRF token) confirms. */
export class ConfirmDeleteForm extends declareForm({}) {}

export class DeleteView extends ModelFormView {
  override templateNameSuffix = '_confirm_delete';
  override formClass: FormConstructor | null = ConfirmDeleteForm;

  async getObject(params: Params): Promise<unknown> {
    return this.lookupObject(params);
  }

  override getSuccessUrl(): string {
    if (!this.successUrl) throw new ImproperlyConfigured(`${this.constructor.name} has no successUrl: set it to where the browser goes once the object is deleted.`, { code: 'HYPER_VIEW_NO_SUCCESS_URL' });
    return resolveUrl(this.successUrl, this.object);
  }

  override async get(request: Request, params: Params): Promise<BaseResponse> {
    this.object = await this.getObject(params);
    return super.get(request, params);
  }

  override async post(_request: Request, params: Params): Promise<BaseResponse> {
    this.object = await this.getObject(params);
    const form = await this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  /** Deletes the object, then redirects (the URL is worked out first, while the object still has its key). */
  override async formValid(_form: BaseForm): Promise<BaseResponse> {
    const url = this.getSuccessUrl();
    await (this.object as { delete(): Promise<unknown> }).delete();
    return new HttpResponseRedirect(url);
  }

  /** The confirmation form is not the object's ModelForm: no instance. */
  override async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    return FormView.prototype.getFormKwargs.call(this);
  }

  delete(request: Request, params: Params): Promise<BaseResponse> {
    return this.post(request, params);
  }
}

