// Class-based views: View dispatches by method (405 with Allow for the rest),
// TemplateView renders a template, RedirectView redirects.
import { ImproperlyConfigured, InvalidArgument } from '../core/errors';
import type { Request } from '../http/request';
import { type BaseResponse, HttpResponse, HttpResponseGone, HttpResponseNotAllowed, HttpResponsePermanentRedirect, HttpResponseRedirect } from '../http/response';
import { render } from '../shortcuts';
import { reverse } from '../urls/resolver';

type Params = Record<string, unknown>;
export type ViewFunction = ((request: Request, params: Params) => Promise<BaseResponse>) & {
  viewClass: typeof View;
  viewInitkwargs: Record<string, unknown>;
  allowedMethods: string[];
  viewName: string;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

export class View {
  static httpMethodNames: readonly string[] = METHODS;
  request!: Request;
  params: Params = {};

  /** The view function for path(): a new instance per request, with `initkwargs` assigned. */
  static asView<T extends typeof View>(this: T, initkwargs: Partial<InstanceType<T>> & Record<string, unknown> = {}): ViewFunction {
    for (const key of Object.keys(initkwargs)) {
      if (this.httpMethodNames.includes(key)) throw new InvalidArgument('HYPER_VIEW_BAD_INITKWARG', `The method name ${key} is not accepted as an asView() argument to ${this.name}: override the method in a subclass instead.`);
      if (!(key in this.prototype) && !(key in new this())) throw new InvalidArgument('HYPER_VIEW_BAD_INITKWARG', `${this.name}.asView() received an invalid keyword ${JSON.stringify(key)}: only attributes of the class are accepted (declare it on the class first).`);
    }
    const view = (async (request: Request, params: Params) => {
      const self = new this() as InstanceType<T>;
      Object.assign(self, initkwargs);
      self.setup(request, params);
      return self.dispatch(request, params);
    }) as ViewFunction;
    view.viewClass = this;
    view.viewInitkwargs = initkwargs;
    view.viewName = this.name;
    view.allowedMethods = new this().allowedMethods();
    return view;
  }

  setup(request: Request, params: Params): void {
    this.request = request;
    this.params = params;
  }

  async dispatch(request: Request, params: Params): Promise<BaseResponse> {
    let name = request.method.toLowerCase();
    if (name === 'head' && typeof (this as Record<string, unknown>).head !== 'function') name = 'get';
    const names = (this.constructor as typeof View).httpMethodNames;
    const handler = names.includes(name) ? (this as unknown as Record<string, unknown>)[name] : undefined;
    if (typeof handler !== 'function') return this.httpMethodNotAllowed(request);
    return (handler as (request: Request, params: Params) => Promise<BaseResponse>).call(this, request, params);
  }

  httpMethodNotAllowed(_request: Request): BaseResponse {
    return new HttpResponseNotAllowed(this.allowedMethods());
  }

  options(_request: Request, _params: Params): BaseResponse | Promise<BaseResponse> {
    const response = new HttpResponse('');
    response.headers.set('allow', this.allowedMethods().join(', '));
    response.headers.delete('content-type');
    return response;
  }

  allowedMethods(): string[] {
    const self = this as unknown as Record<string, unknown>;
    // HEAD follows GET, in Django's order of method names.
    const has = (m: string) => typeof self[m] === 'function' || (m === 'head' && typeof self.get === 'function');
    return (this.constructor as typeof View).httpMethodNames.filter(has).map((m) => m.toUpperCase());
  }
}

export class TemplateView extends View {
  templateName: string | null = null;
  extraContext: Record<string, unknown> = {};

  async getContextData(params: Params): Promise<Record<string, unknown>> {
    return { ...params, ...this.extraContext, view: this };
  }

  getTemplateNames(): string[] {
    if (!this.templateName) throw new ImproperlyConfigured(`${this.constructor.name} requires a templateName or an override of getTemplateNames().`, { code: 'HYPER_VIEW_NO_TEMPLATE_NAME' });
    return [this.templateName];
  }

  async get(request: Request, params: Params): Promise<BaseResponse> {
    return render(request, this.getTemplateNames(), await this.getContextData(params));
  }
}

export class RedirectView extends View {
  url: string | null = null;
  patternName: string | null = null;
  permanent = false;
  queryString = false;

  getRedirectUrl(params: Params): string | null {
    let url: string | null;
    if (this.url) url = this.url.replace(/%\((\w+)\)s/g, (_, key: string) => encodeURIComponent(String(params[key] ?? '')));
    else if (this.patternName) url = reverse(this.patternName, { params });
    else return null;
    if (this.queryString && this.request.queryString) url += `${url.includes('?') ? '&' : '?'}${this.request.queryString}`;
    return url;
  }

  async get(_request: Request, params: Params): Promise<BaseResponse> {
    const url = this.getRedirectUrl(params);
    if (url === null) return new HttpResponseGone();
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
  }
  head(request: Request, params: Params) {
    return this.get(request, params);
  }
  post(request: Request, params: Params) {
    return this.get(request, params);
  }
  put(request: Request, params: Params) {
    return this.get(request, params);
  }
  patch(request: Request, params: Params) {
    return this.get(request, params);
  }
  delete(request: Request, params: Params) {
    return this.get(request, params);
  }
}
