// ListView and DetailView: a QuerySet (or model) listed with an optional
// Paginator, or one object looked up from the URL (pk or slug) with 404.
import { ImproperlyConfigured } from '../core/errors';
import { Http404 } from '../http/errors';
import type { Request } from '../http/request';
import type { BaseResponse } from '../http/response';
import { get404, render } from '../shortcuts';
import { InvalidPage, Paginator } from './paginator';
import { View } from './view';

type Params = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model class: its manager's all() gives the view its QuerySet
type AnyModel = { objects: any; name: string; _meta?: { appLabel: string; modelName: string } };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any model's QuerySet, or a plain list: what the project assigns
type AnyQuerySet = any;

function metaOf(model: AnyModel | null, queryset: AnyQuerySet): { appLabel: string; modelName: string } | null {
  const m = model ?? queryset?.model ?? null;
  if (!m) return null;
  const meta = m._meta;
  return meta ? { appLabel: meta.appLabel, modelName: meta.modelName } : { appLabel: '', modelName: String(m.name).toLowerCase() };
}

abstract class ModelViewBase extends View {
  model: AnyModel | null = null;
  queryset: AnyQuerySet = null;
  templateName: string | null = null;
  templateNameSuffix = '';
  contextObjectName: string | null = null;
  extraContext: Record<string, unknown> = {};

  getQueryset(): AnyQuerySet {
    if (this.queryset) return typeof this.queryset.all === 'function' ? this.queryset.all() : this.queryset;
    if (this.model) return this.model.objects.all();
    throw new ImproperlyConfigured(`${this.constructor.name} is missing a queryset. Define model, queryset, or override getQueryset().`, { code: 'HYPER_VIEW_NO_QUERYSET' });
  }

  getTemplateNames(): string[] {
    if (this.templateName) return [this.templateName];
    const meta = metaOf(this.model, this.queryset);
    if (!meta) throw new ImproperlyConfigured(`${this.constructor.name} requires a templateName, a model or a queryset: set one, or override getTemplateNames().`, { code: 'HYPER_VIEW_NO_TEMPLATE_NAME' });
    return [`${meta.appLabel ? `${meta.appLabel}/` : ''}${meta.modelName}${this.templateNameSuffix}.html`];
  }
}

export class ListView extends ModelViewBase {
  paginateBy: number | null = null;
  paginateOrphans = 0;
  pageKwarg = 'page';
  allowEmpty = true;
  override templateNameSuffix = '_list';

  async getContextData(params: Params): Promise<Record<string, unknown>> {
    const queryset = this.getQueryset();
    const meta = metaOf(this.model, this.queryset);
    const name = this.contextObjectName ?? (meta ? `${meta.modelName}List` : null);
    let context: Record<string, unknown>;
    if (this.paginateBy) {
      const paginator = new Paginator(queryset, this.paginateBy, this.paginateOrphans, this.allowEmpty);
      const raw = params[this.pageKwarg] ?? this.request.query.get(this.pageKwarg) ?? 1;
      let page;
      try {
        page = await paginator.page(raw === 'last' ? (await paginator.validateNumber(1), paginator.numPages) : raw);
      } catch (error) {
        if (error instanceof InvalidPage) throw new Http404(`Invalid page (${String(raw)}): ${error.message}`);
        throw error;
      }
      context = { paginator, pageObj: page, isPaginated: page.hasOtherPages(), objectList: page.objectList };
    } else {
      const list = Array.isArray(queryset) ? queryset : await queryset;
      if (!this.allowEmpty && list.length === 0) throw new Http404('Empty list and allowEmpty is false.');
      context = { paginator: null, pageObj: null, isPaginated: false, objectList: list };
    }
    if (name) context[name] = context.objectList;
    return { ...params, ...this.extraContext, ...context, view: this };
  }

  async get(request: Request, params: Params): Promise<BaseResponse> {
    return render(request, this.getTemplateNames(), await this.getContextData(params));
  }
}

export class DetailView extends ModelViewBase {
  pkUrlKwarg = 'pk';
  slugUrlKwarg = 'slug';
  slugField = 'slug';
  override templateNameSuffix = '_detail';
  object: unknown = null;

  async getObject(params: Params): Promise<unknown> {
    const queryset = this.getQueryset();
    if (params[this.pkUrlKwarg] !== undefined) return get404(queryset, { pk: params[this.pkUrlKwarg] });
    if (params[this.slugUrlKwarg] !== undefined) return get404(queryset, { [this.slugField]: params[this.slugUrlKwarg] });
    throw new ImproperlyConfigured(`Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URL: route it as path('<int:pk>/', ...) or path('<slug:slug>/', ...), or override getObject().`, { code: 'HYPER_VIEW_NO_PK_OR_SLUG' });
  }

  async getContextData(params: Params): Promise<Record<string, unknown>> {
    const meta = metaOf(this.model, this.queryset);
    const context: Record<string, unknown> = { ...params, ...this.extraContext, object: this.object, view: this };
    const name = this.contextObjectName ?? meta?.modelName;
    if (name) context[name] = this.object;
    return context;
  }

  async get(request: Request, params: Params): Promise<BaseResponse> {
    this.object = await this.getObject(params);
    return render(request, this.getTemplateNames(), await this.getContextData(params));
  }
}
