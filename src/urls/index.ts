// hyperdjango/urls: the URL configuration (path, rePath, include), resolve() and
// reverse() with namespaces, converters, and the URL system checks. templateUrl
// is what templates call as url() (a default global of the template engine).
import './checks';

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
export { templateUrl } from './template-url';
