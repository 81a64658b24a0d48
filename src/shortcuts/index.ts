// hyperdjango/shortcuts: render, redirect, get404, getList404.
import { Http404 } from '../http/errors';
import type { Request } from '../http/request';
import { HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, type ResponseInit } from '../http/response';
import { ObjectDoesNotExist } from '../orm/errors';
import type { Model } from '../orm/model/model';
import type { ModelClass } from '../orm/model/types';
import { renderToString } from '../template/engine';
import { reverse, type ReverseOptions } from '../urls/resolver';

/** The template rendered with the context (and the request's context processors) as an HttpResponse. */
export async function render(request: Request | null, templateName: string | string[], context: Record<string, unknown> = {}, init: ResponseInit = {}): Promise<HttpResponse> {
  const html = await renderToString(templateName, context, request ?? undefined);
  const response = new HttpResponse(html, init);
  response.templateName = Array.isArray(templateName) ? templateName[0] : templateName;
  response.context = context;
  return response;
}

/**
 * A redirect to a URL ('/path/', 'https://...') or a URL name ('blog:detail' with
 * params) or a model instance with getAbsoluteUrl(). 302, or 301 with permanent.
 */
export function redirect(to: string | { getAbsoluteUrl(): string }, options: ReverseOptions & { permanent?: boolean } = {}): HttpResponseRedirect {
  const Cls = options.permanent ? HttpResponsePermanentRedirect : HttpResponseRedirect;
  if (typeof to !== 'string') return new Cls(to.getAbsoluteUrl());
  if (to.includes('/') || to.startsWith('.')) return new Cls(to);
  try {
    return new Cls(reverse(to, options));
  } catch (error) {
    // Like Django: a string that is not a URL name is taken as a URL ('login' -> 'login').
    if (options.params || options.args) throw error;
    return new Cls(to);
  }
}

// Structural, so a model, its manager, a QuerySet or a related manager all fit; the
// parameters mirror QuerySet.get()/filter() (conditions as rest arguments).
interface Getter<M> {
  get(...conditions: Array<Record<string, unknown>>): PromiseLike<M>;
}
interface Filterer<M> {
  filter(...conditions: Array<Record<string, unknown>>): PromiseLike<M[]>;
}
/** A model class: get404(Post, ...) gives a Post (with its methods), not only its fields. */
type ModelSource<Q> = ModelClass & { objects: Q };
type Source<Q> = Q | { objects: Q; name?: string };

function querySetOf<Q>(source: Source<Q>): Q {
  // A model (class) has a manager in .objects; a QuerySet or manager is used as it is.
  const s = source as { objects?: Q; get?: unknown; filter?: unknown };
  return s && s.objects !== undefined && typeof s.get !== 'function' && typeof s.filter !== 'function' ? s.objects : (source as Q);
}

function describeSource(source: unknown): string {
  const s = source as { name?: string; objects?: unknown; model?: { name?: string } };
  return (s?.objects !== undefined ? s.name : s?.model?.name) ?? 'object';
}

/** get() on a QuerySet, manager or model; Http404 when nothing matches. */
export async function get404<C extends ModelSource<Getter<Model>>>(model: C, conditions?: Record<string, unknown>): Promise<InstanceType<C>>;
export async function get404<M>(source: Getter<M> | { objects: Getter<M> }, conditions?: Record<string, unknown>): Promise<M>;
export async function get404<M>(source: Source<Getter<M>>, conditions: Record<string, unknown> = {}): Promise<M> {
  try {
    return await querySetOf(source).get(conditions);
  } catch (error) {
    if (error instanceof ObjectDoesNotExist) throw new Http404(`No ${describeSource(source)} matches the given query.`);
    throw error;
  }
}

/** filter() on a QuerySet, manager or model; Http404 when the list is empty. */
export async function getList404<C extends ModelSource<Filterer<Model>>>(model: C, conditions?: Record<string, unknown>): Promise<Array<InstanceType<C>>>;
export async function getList404<M>(source: Filterer<M> | { objects: Filterer<M> }, conditions?: Record<string, unknown>): Promise<M[]>;
export async function getList404<M>(source: Source<Filterer<M>>, conditions: Record<string, unknown> = {}): Promise<M[]> {
  const list = await querySetOf(source).filter(conditions);
  if (!list.length) throw new Http404(`No ${describeSource(source)} matches the given query.`);
  return list;
}
