// hyperdjango/urls: the URL configuration (path, rePath, include), resolve() and
// reverse() with namespaces, converters, and the URL system checks. templateUrl
// is what templates call as url(); the shortcuts module (a layer up, beside the
// template engine) registers it.
import { reverse } from './resolver';
import './checks';
import '../middleware/checks';

export { path, rePath, include, URLPattern, URLResolver, RoutePattern, type PathOptions, type UrlConf, type UrlEntry, type View, type IncludeSpec } from './patterns';
export { registerConverter, getConverter, type Converter } from './converters';
export {
  resolve,
  reverse,
  getResolver,
  setUrlconf,
  clearUrlCaches,
  urlTable,
  Resolver404,
  NoReverseMatch,
  ResolverMatch,
  type ReverseOptions,
  type RouteRow,
} from './resolver';
export { checkUrlConfig } from './checks';

/** `{{ url('blog:detail', id=post.id) }}` or `{{ url('blog:detail', post.id) }}`. */
export function templateUrl(name: string, ...rest: unknown[]): string {
  const last = rest[rest.length - 1];
  if (last && typeof last === 'object' && !Array.isArray(last) && Object.getPrototypeOf(last) === Object.prototype) {
    const args = rest.slice(0, -1);
    return args.length ? reverse(name, { args }) : reverse(name, { params: last as Record<string, unknown> });
  }
  return rest.length ? reverse(name, { args: rest }) : reverse(name);
}
