// path(), rePath() and include(): the URL configuration as a tree of patterns
// (route -> view) and resolvers (prefix -> included patterns, with app and
// instance namespaces). Routes are Django's: no leading slash, '<conv:name>'.
import { settings, settingsConfigured } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { loadUserModule } from '../core/load-user-module';
import { resolveModuleFile } from '../core/module-file';
import { didYouMean } from '../core/suggest';
import { type Converter, converterNames, getConverter } from './converters';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each view names its own request and params types; the resolver holds views of every kind
export type View = (request: any, params: any) => unknown;

/** A compiled route: a regex plus, for reverse(), its pieces. */
export class RoutePattern {
  readonly regex: RegExp;
  readonly converters: Record<string, Converter>;
  /** For reverse(): static text and parameters in order (null when the regex cannot be reversed). */
  readonly pieces: Array<string | { name: string; converter: Converter | null; regex: string }> | null;

  constructor(
    readonly route: string,
    readonly isEndpoint: boolean,
    readonly isRegex: boolean,
  ) {
    this.converters = {};
    if (isRegex) {
      const source = route.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
      let body = source.startsWith('^') ? source.slice(1) : source;
      if (!isEndpoint && body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
      try {
        this.regex = new RegExp(`^(?:${body})`);
      } catch (error) {
        throw new ImproperlyConfigured(`rePath(${JSON.stringify(route)}): invalid regular expression (${(error as Error).message}).`, { code: 'HYPER_URL_BAD_ROUTE' });
      }
      this.pieces = reversibleRegex(body);
      return;
    }
    let source = '^';
    const pieces: NonNullable<RoutePattern['pieces']> = [];
    const re = /<(?:([^>:]+):)?([^>]+)>/g;
    let last = 0;
    for (let m = re.exec(route); m; m = re.exec(route)) {
      const text = route.slice(last, m.index);
      source += escapeRegex(text);
      if (text) pieces.push(text);
      const convName = m[1] ?? 'str';
      const name = m[2];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' which isn't a valid identifier.`, { code: 'HYPER_URL_BAD_ROUTE' });
      }
      const converter = getConverter(convName);
      if (!converter) {
        throw new ImproperlyConfigured(`URL route '${route}' uses invalid converter '${convName}'.${didYouMean(convName, converterNames())}`, { code: 'HYPER_URL_BAD_ROUTE' });
      }
      if (name in this.converters) throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' twice.`, { code: 'HYPER_URL_BAD_ROUTE' });
      this.converters[name] = converter;
      source += `(?<${name}>${converter.regex})`;
      pieces.push({ name, converter, regex: converter.regex });
      last = m.index + m[0].length;
    }
    const tail = route.slice(last);
    if (tail.includes('<') || tail.includes('>')) throw new ImproperlyConfigured(`URL route '${route}' has unbalanced '<' or '>'.`, { code: 'HYPER_URL_BAD_ROUTE' });
    source += escapeRegex(tail);
    if (tail) pieces.push(tail);
    this.regex = new RegExp(isEndpoint ? `${source}$` : source);
    this.pieces = pieces;
  }

  /** Matches the start (or, for endpoints, all) of `path`; returns the rest and the converted params. */
  match(path: string): { rest: string; params: Record<string, unknown>; args: string[] } | null {
    const m = this.regex.exec(path);
    if (!m) return null;
    const params: Record<string, unknown> = {};
    const args: string[] = [];
    if (m.groups) {
      for (const [name, raw] of Object.entries(m.groups)) {
        if (raw === undefined) continue;
        const conv = this.converters[name];
        if (conv) {
          try {
            params[name] = conv.toValue(raw);
          } catch {
            return null; // Django: a converter's ValueError means no match
          }
        } else params[name] = raw;
      }
    } else if (this.isRegex) {
      for (let i = 1; i < m.length; i++) if (m[i] !== undefined) args.push(m[i]);
    }
    if (this.isEndpoint && this.isRegex && m[0].length !== path.length) return null;
    return { rest: path.slice(m[0].length), params, args };
  }

  toString(): string {
    return this.route;
  }
}

export interface PathOptions {
  name?: string;
  /** Extra parameters passed to the view. */
  kwargs?: Record<string, unknown>;
  /** Methods the route answers (documentation for `hyper routes`; views enforce them). */
  methods?: string[];
}

export class URLPattern {
  readonly kind = 'pattern';
  constructor(
    readonly pattern: RoutePattern,
    readonly callback: View,
    readonly name: string | null,
    readonly defaultKwargs: Record<string, unknown>,
    readonly methods: string[] | null,
  ) {}

  get lookupStr(): string {
    const cb = this.callback as View & { viewClass?: { name: string }; viewName?: string };
    return cb.viewName ?? cb.viewClass?.name ?? (cb.name || '<anonymous>');
  }
}

/** What include() takes: a urls module, a list of patterns, or a module name resolved from BASE_DIR. */
export type UrlConf = { urlpatterns: unknown; appName?: string } | readonly UrlEntry[] | string;
export type UrlEntry = URLPattern | URLResolver;

export class URLResolver {
  readonly kind = 'resolver';
  private loaded: readonly UrlEntry[] | null = null;

  constructor(
    readonly pattern: RoutePattern,
    private readonly source: UrlConf | (() => UrlConf),
    readonly appName: string | null,
    readonly namespace: string | null,
    readonly defaultKwargs: Record<string, unknown> = {},
    /** The module object the patterns came from (handler404/500 live there for the root). */
    public module: Record<string, unknown> | null = null,
  ) {}

  get urlPatterns(): readonly UrlEntry[] {
    if (this.loaded) return this.loaded;
    let conf = typeof this.source === 'function' ? (this.source as () => UrlConf)() : this.source;
    if (typeof conf === 'string') conf = loadUrlModule(conf);
    let list: unknown;
    if (Array.isArray(conf)) list = conf;
    else {
      this.module = conf as Record<string, unknown>;
      list = (conf as { urlpatterns: unknown }).urlpatterns;
    }
    if (!Array.isArray(list)) {
      throw new ImproperlyConfigured(`The included URLconf ${describe(this.source)} does not appear to have any patterns in it: urlpatterns must be an array of path(), rePath() or include() entries.`, { code: 'HYPER_URL_BAD_URLCONF' });
    }
    for (const entry of list) {
      if (!(entry instanceof URLPattern) && !(entry instanceof URLResolver)) {
        throw new ImproperlyConfigured(`urlpatterns of ${describe(this.source)} contains ${describeValue(entry)}; each entry must be path(), rePath() or include().`, { code: 'HYPER_URL_BAD_URLCONF' });
      }
    }
    this.loaded = list as UrlEntry[];
    return this.loaded;
  }
}

/** 'blog.urls' / 'blog/urls': the project's module under BASE_DIR (as ROOT_URLCONF names it). */
function loadUrlModule(name: string): { urlpatterns: unknown; appName?: string } {
  if (!settingsConfigured()) throw new ImproperlyConfigured(`The URL module '${name}' is named by string, which needs a project (setupProject) to resolve it.`, { code: 'HYPER_URL_MODULE_NOT_FOUND' });
  const base = settings.BASE_DIR;
  const file = resolveModuleFile(base, name);
  if (!file) throw new ImproperlyConfigured(`The URL module '${name}' was not found under ${base} (looked for ${name}.ts and ${name}/index.ts).`, { code: 'HYPER_URL_MODULE_NOT_FOUND' });
  return loadUserModule(file) as { urlpatterns: unknown; appName?: string };
}

function describe(source: unknown): string {
  if (typeof source === 'string') return `'${source}'`;
  return Array.isArray(source) ? 'list' : 'module';
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'}); wrap it in path()`;
  return `a ${typeof value}`;
}

type IncludeArg = UrlConf | [UrlConf, string] | (() => UrlConf);

/** path('blog/', include(blogUrls)) */
export interface IncludeSpec {
  readonly include: true;
  readonly conf: UrlConf | (() => UrlConf);
  readonly appName: string | null;
  readonly namespace: string | null;
}

export function include(arg: IncludeArg, options: { namespace?: string } = {}): IncludeSpec {
  let conf: UrlConf | (() => UrlConf);
  let appName: string | null = null;
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[1] === 'string' && (Array.isArray(arg[0]) || typeof arg[0] === 'object')) {
    conf = arg[0] as UrlConf;
    appName = arg[1];
  } else {
    conf = arg as UrlConf;
    if (conf && typeof conf === 'object' && !Array.isArray(conf) && typeof (conf as { appName?: unknown }).appName === 'string') {
      appName = (conf as { appName: string }).appName;
    }
  }
  const namespace = options.namespace ?? appName;
  if (options.namespace && !appName) {
    throw new ImproperlyConfigured('Specifying a namespace in include() without providing an appName is not supported. Set appName in the included module, or pass a [patterns, appName] pair instead.', { code: 'HYPER_URL_BAD_INCLUDE' });
  }
  return { include: true, conf, appName, namespace };
}

function isInclude(value: unknown): value is IncludeSpec {
  return typeof value === 'object' && value !== null && (value as IncludeSpec).include === true;
}

function make(route: string, view: View | IncludeSpec, options: PathOptions, isRegex: boolean): UrlEntry {
  if (typeof route !== 'string') throw new ImproperlyConfigured(`path() takes a route string first, got ${typeof route}.`, { code: 'HYPER_URL_BAD_PATH' });
  if (isInclude(view)) {
    const resolver = new URLResolver(new RoutePattern(route, false, isRegex), view.conf, view.appName, view.namespace, options.kwargs ?? {});
    return resolver;
  }
  if (typeof view !== 'function') {
    throw new ImproperlyConfigured(`path('${route}', ...): the view must be a function, a View.asView(), or include(); got ${describeValue(view)}.`, { code: 'HYPER_URL_BAD_PATH' });
  }
  const methods = options.methods ?? ((view as { allowedMethods?: string[] }).allowedMethods ?? null);
  return new URLPattern(new RoutePattern(route, true, isRegex), view, options.name ?? null, options.kwargs ?? {}, methods);
}

export function path(route: string, view: View | IncludeSpec, options: PathOptions = {}): UrlEntry {
  return make(route, view, options, false);
}

/** A regular-expression route: named groups ((?<name>...) or Python's (?P<name>...)) become params. */
export function rePath(route: string, view: View | IncludeSpec, options: PathOptions = {}): UrlEntry {
  return make(route, view, options, true);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A regex of literal text and named groups can be reversed; anything else cannot. */
function reversibleRegex(body: string): RoutePattern['pieces'] {
  const src = body.endsWith('$') ? body.slice(0, -1) : body;
  const pieces: NonNullable<RoutePattern['pieces']> = [];
  let i = 0;
  let text = '';
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && /[^A-Za-z0-9]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
    } else if (src.startsWith('(?<', i)) {
      const close = src.indexOf('>', i);
      let depth = 0;
      let j = close + 1;
      for (; j < src.length; j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '(') depth++;
        else if (src[j] === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (close < 0 || j >= src.length) return null;
      if (text) pieces.push(text);
      text = '';
      pieces.push({ name: src.slice(i + 3, close), converter: null, regex: src.slice(close + 1, j) });
      i = j + 1;
    } else if ('.*+?^$()[]{}|'.includes(c)) {
      return null;
    } else {
      text += c;
      i++;
    }
  }
  if (text) pieces.push(text);
  return pieces;
}
