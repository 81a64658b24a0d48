// resolve() and reverse() over the URL tree whose root is ROOT_URLCONF (or a
// urlconf set in code). Resolution walks the tree in order; reverse() uses an
// index of names per namespace, built once per resolver.
import { onSettingChanged, settings } from '../conf/settings';
import { ImproperlyConfigured, type HyperErrorOptions } from '../core/errors';
import { Http404 } from '../http/errors';
import { flattenUrlconf } from './flatten';
import { RoutePattern, URLPattern, URLResolver, type UrlConf, type UrlEntry, type View } from './patterns';

export class Resolver404 extends Http404 {
  constructor(
    readonly path: string,
    /** The chains of entries tried, outermost first. */
    readonly triedEntries: UrlEntry[][],
  ) {
    super(`No URL pattern matches '${path}'`, { code: 'HYPER_URL_NOT_FOUND' });
  }

  /** The route chains tried: [['blog/', '<int:id>/'], ...]. */
  get tried(): string[][] {
    return this.triedEntries.map((chain) => chain.map((entry) => entry.pattern.route));
  }

  /** One line per chain, as Django's technical 404 shows it: "blog/ [namespace='blog'] <int:id>/ [name='detail']". */
  get triedLabels(): string[] {
    return this.triedEntries.map((chain) => chain.map(entryLabel).filter(Boolean).join(' '));
  }
}

function entryLabel(entry: UrlEntry): string {
  const route = entry.pattern.route;
  const tag = entry instanceof URLPattern ? (entry.name ? `[name='${entry.name}']` : '') : entry.namespace ? `[namespace='${entry.namespace}']` : '';
  return [route, tag].filter(Boolean).join(' ');
}

/** reverse() found no pattern for the name and arguments (a namespace or a name unknown, or no pattern taking those arguments). */
export class NoReverseMatch extends ImproperlyConfigured {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, { code: 'HYPER_URL_NO_REVERSE_MATCH', ...options });
  }
}

export class ResolverMatch {
  constructor(
    readonly func: View,
    readonly params: Record<string, unknown>,
    readonly args: string[],
    readonly urlName: string | null,
    readonly appNames: string[],
    readonly namespaces: string[],
    readonly route: string,
    readonly pattern: URLPattern,
  ) {}

  get namespace(): string {
    return this.namespaces.join(':');
  }

  get appName(): string {
    return this.appNames.join(':');
  }

  get viewName(): string {
    return [...this.namespaces, this.urlName ?? this.pattern.lookupStr].join(':');
  }

  get viewFunctionName(): string {
    return this.pattern.lookupStr;
  }
}

let override: UrlConf | null = null;
let root: URLResolver | null = null;
const resolveCache = new Map<string, ResolverMatch>();

/** The root resolver: the urlconf set with setUrlconf(), else ROOT_URLCONF. */
export function getResolver(): URLResolver {
  if (root) return root;
  let conf: UrlConf | null = override;
  if (!conf) {
    const name = settings.ROOT_URLCONF;
    if (!name) throw new ImproperlyConfigured('ROOT_URLCONF is not set: name the module holding the root urlpatterns, e.g. ROOT_URLCONF: "urls".', { code: 'HYPER_URL_NO_ROOT_URLCONF' });
    conf = name;
  }
  root = new URLResolver(new RoutePattern('', false, false), conf, null, null);
  return root;
}

/** Uses these patterns (a module, list or module name) as the root instead of ROOT_URLCONF; null goes back. */
export function setUrlconf(conf: UrlConf | null): void {
  override = conf;
  clearUrlCaches();
}

let generation = 0;

/** Changes whenever the URL configuration may have: a route table built before is stale then. */
export function urlconfGeneration(): number {
  return generation;
}

export function clearUrlCaches(): void {
  generation += 1;
  root = null;
  resolveCache.clear();
  reverseIndexes = new WeakMap();
}

// overrideSettings({ ROOT_URLCONF }) in a test: resolve() and reverse() use the new root at once.
onSettingChanged(({ setting }) => {
  if (setting === 'ROOT_URLCONF') clearUrlCaches();
});

/** The view for a path ('/blog/3/'); Resolver404 when nothing matches. */
export function resolve(path: string, resolver: URLResolver = getResolver()): ResolverMatch {
  const cacheable = resolver === root;
  if (cacheable) {
    const hit = resolveCache.get(path);
    if (hit) return hit;
  }
  const tried: UrlEntry[][] = [];
  const match = resolveIn(resolver, path.startsWith('/') ? path.slice(1) : path, {}, [], [], [], '', tried);
  if (!match) throw new Resolver404(path, tried);
  if (cacheable && resolveCache.size < 5000) resolveCache.set(path, match);
  return match;
}

function resolveIn(
  resolver: URLResolver,
  path: string,
  inherited: Record<string, unknown>,
  args: string[],
  appNames: string[],
  namespaces: string[],
  routePrefix: string,
  tried: UrlEntry[][],
  chain: UrlEntry[] = [],
): ResolverMatch | null {
  for (const entry of resolver.urlPatterns) {
    const m = entry.pattern.match(path);
    if (entry instanceof URLPattern) {
      if (m) {
        const params = { ...inherited, ...m.params, ...entry.defaultKwargs };
        return new ResolverMatch(entry.callback, params, [...args, ...m.args], entry.name, appNames, namespaces, routePrefix + entry.pattern.route, entry);
      }
      tried.push([...chain, entry]);
      continue;
    }
    if (!m) {
      tried.push([...chain, entry]);
      continue;
    }
    const found = resolveIn(
      entry,
      m.rest,
      { ...inherited, ...m.params, ...entry.defaultKwargs },
      [...args, ...m.args],
      entry.appName ? [...appNames, entry.appName] : appNames,
      entry.namespace ? [...namespaces, entry.namespace] : namespaces,
      routePrefix + entry.pattern.route,
      tried,
      [...chain, entry],
    );
    if (found) return found;
  }
  return null;
}

type Piece = NonNullable<RoutePattern['pieces']>[number];
interface Candidate {
  pieces: Piece[] | null;
  defaults: Record<string, unknown>;
}
interface ReverseIndex {
  names: Map<string, Candidate[]>;
  callbacks: Map<View, Candidate[]>;
  namespaces: Map<string, { prefix: Piece[] | null; resolver: URLResolver }>;
  apps: Map<string, string[]>;
}

let reverseIndexes = new WeakMap<URLResolver, ReverseIndex>();

function join(a: Piece[] | null, b: Piece[] | null): Piece[] | null {
  return a && b ? [...a, ...b] : null;
}

function indexOf(resolver: URLResolver): ReverseIndex {
  let index = reverseIndexes.get(resolver);
  if (index) return index;
  index = { names: new Map(), callbacks: new Map(), namespaces: new Map(), apps: new Map() };
  const idx = index;
  const walk = (entries: readonly UrlEntry[], prefix: Piece[] | null, defaults: Record<string, unknown>) => {
    for (const entry of entries) {
      const pieces = join(prefix, entry.pattern.pieces);
      if (entry instanceof URLPattern) {
        const candidate = { pieces, defaults: { ...defaults, ...entry.defaultKwargs } };
        if (entry.name) push(idx.names, entry.name, candidate);
        push(idx.callbacks, entry.callback, candidate);
      } else if (entry.namespace) {
        if (!idx.namespaces.has(entry.namespace)) idx.namespaces.set(entry.namespace, { prefix: pieces, resolver: entry });
        if (entry.appName) {
          const list = idx.apps.get(entry.appName) ?? [];
          if (!list.includes(entry.namespace)) list.push(entry.namespace);
          idx.apps.set(entry.appName, list);
        }
      } else {
        walk(entry.urlPatterns, pieces, { ...defaults, ...entry.defaultKwargs });
      }
    }
  };
  walk(resolver.urlPatterns, [], {});
  reverseIndexes.set(resolver, index);
  return index;
}

function push<K>(map: Map<K, Candidate[]>, key: K, value: Candidate): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface ReverseOptions {
  /** Named parameters of the route. */
  params?: Record<string, unknown>;
  /** Positional values, in the order of the route's parameters. */
  args?: unknown[];
  /** Appended as ?query (a record or URLSearchParams). */
  query?: Record<string, string | number | boolean> | URLSearchParams;
  /** The instance namespace to prefer for an app namespace (Django's current_app). */
  currentApp?: string;
}

/** reverse('blog:detail', { params: { id: 3 } }) -> '/blog/3/' */
export function reverse(viewName: string | View, options: ReverseOptions = {}): string {
  let resolver = getResolver();
  let prefix: Piece[] | null = [];
  let candidates: Candidate[] | undefined;
  const label = typeof viewName === 'string' ? viewName : viewName.name || 'view';
  if (typeof viewName === 'string') {
    const parts = viewName.split(':');
    const name = parts.pop()!;
    const current = options.currentApp?.split(':') ?? [];
    const resolvedPath: string[] = [];
    for (const [i, ns] of parts.entries()) {
      const index = indexOf(resolver);
      let target = ns;
      const instances = index.apps.get(ns);
      if (instances) {
        if (current[i] && instances.includes(current[i])) target = current[i];
        else if (!instances.includes(ns)) target = instances[instances.length - 1];
      }
      const entry = index.namespaces.get(target);
      if (!entry) {
        const known = [...index.namespaces.keys()];
        throw new NoReverseMatch(`'${ns}' is not a registered namespace${resolvedPath.length ? ` inside '${resolvedPath.join(':')}'` : ''}${known.length ? ` (known: ${known.join(', ')})` : ''}.`);
      }
      resolvedPath.push(ns);
      prefix = join(prefix, entry.prefix);
      resolver = entry.resolver;
    }
    candidates = indexOf(resolver).names.get(name);
  } else {
    candidates = indexOf(resolver).callbacks.get(viewName);
  }
  if (!candidates) throw new NoReverseMatch(`Reverse for '${label}' not found. '${label}' is not a valid view function or pattern name.`);
  const given = { ...(options.params ?? {}) };
  for (const candidate of candidates) {
    const url = fill(join(prefix, candidate.pieces), given, options.args, candidate.defaults);
    if (url !== null) return withQuery(url, options.query);
  }
  const shown = options.args ? `arguments ${JSON.stringify(options.args)}` : `params ${JSON.stringify(given)}`;
  throw new NoReverseMatch(`Reverse for '${label}' with ${shown} not found. ${candidates.length} pattern(s) tried: ${candidates.map((c) => JSON.stringify(describePieces(c.pieces))).join(', ')}`);
}

function fill(pieces: Piece[] | null, params: Record<string, unknown>, args: unknown[] | undefined, defaults: Record<string, unknown>): string | null {
  if (!pieces) return null;
  const names = pieces.filter((p): p is Exclude<Piece, string> => typeof p !== 'string').map((p) => p.name);
  if (args) {
    if (args.length !== names.length) return null;
  } else {
    const extra = Object.keys(params).filter((k) => !names.includes(k) && !(k in defaults && defaults[k] === params[k]));
    if (extra.length || names.some((n) => !(n in params))) return null;
  }
  let out = '/';
  let argIndex = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      out += encodeURI(piece);
      continue;
    }
    const value = args ? args[argIndex++] : params[piece.name];
    if (value === undefined || value === null) return null;
    const text = piece.converter ? piece.converter.toUrl(value) : String(value);
    if (!new RegExp(`^(?:${piece.regex})$`).test(text)) return null;
    out += encodeURI(text).replace(/[?#]/g, (c) => encodeURIComponent(c));
  }
  return escapeLeadingSlashes(out);
}

/**
 * A path that starts with '//' is read by browsers as scheme-relative ('//evil.com'
 * is another host), so a redirect to it would leave the site. A value such as a
 * `<path:>` argument of '/evil.com' must not produce one: the second slash is
 * escaped, as Django does since CVE-2018-14574.
 */
function escapeLeadingSlashes(url: string): string {
  return url.startsWith('//') ? `/%2F${url.slice(2)}` : url;
}

function withQuery(url: string, query: ReverseOptions['query']): string {
  if (!query) return url;
  const text = (query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))).toString();
  return text ? `${url}?${text}` : url;
}

function describePieces(pieces: Piece[] | null): string {
  if (!pieces) return '(regex)';
  return pieces.map((p) => (typeof p === 'string' ? p : `<${p.name}>`)).join('');
}

/** Every route of the tree, for `hyper routes` and the checks. */
export interface RouteRow {
  pattern: string;
  name: string | null;
  view: string;
  methods: string[] | null;
  namespaces: string[];
}

export function urlTable(resolver: URLResolver = getResolver()): RouteRow[] {
  return flattenUrlconf(resolver).map(({ entry, route, namespaces }) => ({
    pattern: `/${route}`,
    name: entry.name ? [...namespaces, entry.name].join(':') : null,
    view: entry.lookupStr,
    methods: entry.methods,
    namespaces,
  }));
}
