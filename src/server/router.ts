// The route table: Django path() semantics (the first route in order whose
// pattern matches the whole percent-decoded path and allows the method wins),
// with 404 and 405 + Allow. This is the pure-TypeScript twin of the native radix
// router (native/src/router.cc): same inputs, same answers, same tests. It also
// serves tables with custom regex converters, which the native router leaves to JS.
import type { NativeAddon, NativeRouterHandle } from './binding';
import { ServerConfigError } from './errors';
import { bytesToUtf8, percentDecodeToBytes } from './percent-decode';
import { type CustomConverter, type PatternPart, parsePattern, usesOnlyBuiltins } from './route-pattern';

export interface RouteDefinition {
  /** '/blog/<int:id>/' — always starting with '/'. */
  pattern: string;
  /** Allowed methods; omitted or ['*'] allows every method. HEAD follows GET. */
  methods?: readonly string[];
}

export type RouteMatch =
  | { kind: 'found'; routeId: number; params: Record<string, unknown> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string };

const METHOD_BITS: Record<string, number> = {
  GET: 1 << 0,
  HEAD: 1 << 1,
  POST: 1 << 2,
  PUT: 1 << 3,
  PATCH: 1 << 4,
  DELETE: 1 << 5,
  OPTIONS: 1 << 6,
  TRACE: 1 << 7,
  CONNECT: 1 << 8,
};
const OTHER_METHOD = 1 << 14;
export const ANY_METHOD = 0xffff;
const METHOD_ORDER = Object.keys(METHOD_BITS);

export function methodBit(method: string): number {
  return METHOD_BITS[method] ?? OTHER_METHOD;
}

const METHOD_BY_BIT = new Map(Object.entries(METHOD_BITS).map(([name, bit]) => [bit, name]));

/** The method a bit stands for; undefined for OTHER_METHOD (any other token). */
export function methodOfBit(bit: number): string | undefined {
  return METHOD_BY_BIT.get(bit);
}

export function allowHeader(mask: number): string {
  if (mask & METHOD_BITS.GET) mask |= METHOD_BITS.HEAD;
  return METHOD_ORDER.filter((m) => mask & METHOD_BITS[m]).join(', ');
}

const BUILTIN_REGEX: Record<string, string> = {
  int: '[0-9]+',
  str: '[^/]+',
  slug: '[-a-zA-Z0-9_]+',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  path: '[^\\n]+', // Python's '.' in Django's '.+' stops at a newline
};

interface CompiledRoute {
  pattern: string;
  mask: number;
  regex: RegExp;
  names: string[];
  convert: Array<((raw: string) => unknown) | undefined>;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function methodMask(pattern: string, methods: readonly string[] | undefined): number {
  if (methods === undefined) return ANY_METHOD;
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new ServerConfigError(`route ${pattern}: methods must be a non-empty array of method names`);
  }
  let mask = 0;
  for (const m of methods) {
    if (m === '*') return ANY_METHOD;
    if (typeof m !== 'string' || !Object.hasOwn(METHOD_BITS, m)) {
      // Other methods reach only routes that allow every method ('*').
      throw new ServerConfigError(`route ${pattern}: ${JSON.stringify(m)} is not one of ${METHOD_ORDER.join(', ')} or '*'`);
    }
    mask |= methodBit(m);
  }
  return mask;
}

export class RouteTable {
  readonly routes: readonly CompiledRoute[];
  /** True when every pattern uses built-in converters, so the native router can serve the table. */
  readonly nativeCompatible: boolean;

  constructor(definitions: readonly RouteDefinition[], converters: Record<string, CustomConverter> = {}) {
    if (!Array.isArray(definitions)) throw new ServerConfigError('routes must be an array of { pattern, methods }');
    for (const [name, conv] of Object.entries(converters)) {
      if (!conv || typeof conv.regex !== 'string') throw new ServerConfigError(`converter ${name} needs a regex string`);
      try {
        new RegExp(conv.regex);
      } catch (error) {
        throw new ServerConfigError(`converter ${name}: invalid regex ${JSON.stringify(conv.regex)} (${(error as Error).message})`);
      }
    }
    let native = true;
    this.routes = definitions.map((def) => {
      if (!def || typeof def !== 'object') throw new ServerConfigError('each route must be an object { pattern, methods }');
      const parts = parsePattern(def.pattern, converters);
      if (!usesOnlyBuiltins(parts)) native = false;
      return this.compile(def.pattern, parts, methodMask(def.pattern, def.methods), converters);
    });
    this.nativeCompatible = native;
  }

  private compile(pattern: string, parts: PatternPart[], mask: number, converters: Record<string, CustomConverter>): CompiledRoute {
    let source = '^';
    const names: string[] = [];
    const convert: CompiledRoute['convert'] = [];
    for (const part of parts) {
      if (part.kind === 'static') {
        // Match on bytes: the path is decoded to a latin1 byte string.
        source += escapeRegex(Buffer.from(part.text, 'utf8').toString('latin1'));
        continue;
      }
      const custom = Object.hasOwn(converters, part.converter) ? converters[part.converter] : undefined;
      source += `(?<p${names.length}>${custom ? `(?:${custom.regex})` : BUILTIN_REGEX[part.converter]})`;
      names.push(part.name);
      convert.push(custom ? custom.toValue : part.converter === 'int' ? Number : undefined);
    }
    return { pattern, mask, regex: new RegExp(`${source}$`), names, convert };
  }

  /** Resolves a raw (still percent-encoded) path. */
  match(method: string, rawPath: string): RouteMatch {
    const path = percentDecodeToBytes(rawPath);
    const bit = methodBit(method);
    let allow = 0;
    for (let id = 0; id < this.routes.length; id++) {
      const route = this.routes[id];
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.mask & bit || (bit === METHOD_BITS.HEAD && route.mask & METHOD_BITS.GET)) {
        const values = route.names.map((_, i) => bytesToUtf8(m.groups![`p${i}`]));
        return { kind: 'found', routeId: id, params: this.params(id, values) };
      }
      allow |= route.mask;
    }
    return allow ? { kind: 'method-not-allowed', allow: allowHeader(allow) } : { kind: 'not-found' };
  }

  /** Named, converted parameters from the raw values in pattern order (a route with one takes it alone). */
  params(routeId: number, values: string | readonly string[] | undefined): Record<string, unknown> {
    const route = this.routes[routeId];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < route.names.length; i++) {
      const raw = values === undefined ? '' : typeof values === 'string' ? values : values[i];
      const fn = route.convert[i];
      out[route.names[i]] = fn ? fn(raw) : raw;
    }
    return out;
  }

  /** The same table in the native radix router, or null when it cannot take it. */
  toNative(addon: NativeAddon | null): NativeRouterHandle | null {
    if (!addon || !this.nativeCompatible) return null;
    const router = new addon.NativeRouter();
    for (const route of this.routes) {
      const error = router.add(route.pattern, route.mask);
      if (error) throw new ServerConfigError(`route ${route.pattern}: ${error}`);
    }
    return router;
  }
}
