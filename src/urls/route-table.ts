// The URL tree flattened into the server's route table, so that the server (the
// native radix router, or its TypeScript twin) resolves a request before JS is
// entered. Each path() route becomes one pattern, prefixes included; a route the
// table cannot express the same way (rePath, a project converter, a prefix that
// could end in more than one place) stays with the JS resolver, and so does
// every route after it unless the server's answer comes first in table order.
import type { RouteDefinition } from '../server/router';
import { getConverter } from './converters';
import type { FlatRoute } from './flatten';
import { ResolverMatch } from './resolver';

const SERVER_CONVERTERS = ['int', 'str', 'slug', 'uuid', 'path'];

/**
 * The server pattern ('/blog/<int:id>/') for a route, or null when the server's
 * match could differ from the resolver's: regex routes, project converters, a
 * parameter named twice, or a prefix whose end is not fixed (the resolver matches
 * each prefix on its own and never reconsiders where it ended; one pattern would).
 */
function serverPattern(route: FlatRoute): string | null {
  const names = new Set<string>();
  for (let i = 0; i < route.chain.length; i++) {
    const pattern = route.chain[i];
    if (pattern.isRegex || !pattern.pieces) return null;
    const isPrefix = i < route.chain.length - 1;
    if (isPrefix && pattern.route !== '' && !pattern.route.endsWith('/')) return null;
    for (const piece of pattern.pieces) {
      if (typeof piece === 'string') continue;
      const name = SERVER_CONVERTERS.find((candidate) => getConverter(candidate) === piece.converter);
      if (!name || names.has(piece.name) || (isPrefix && name === 'path')) return null;
      names.add(piece.name);
    }
  }
  // The resolver lets extra kwargs and parameters override each other level by level.
  if (Object.keys(route.defaults).some((key) => names.has(key))) return null;
  // The server's patterns are the resolver's with the leading slash of the full path.
  return `/${route.chain.map((pattern) => pattern.pieces!.map((piece) => (typeof piece === 'string' ? piece : `<${serverConverterName(piece.converter)}:${piece.name}>`)).join('')).join('')}`;
}

function serverConverterName(converter: unknown): string {
  return SERVER_CONVERTERS.find((candidate) => getConverter(candidate) === converter)!;
}

export class UrlRouteTable {
  /** What the server routes: only the routes it can match as the resolver would. */
  readonly serverRoutes: RouteDefinition[] = [];
  private readonly byServerRoute: FlatRoute[] = [];
  private readonly positions: number[] = [];
  /** Table position of the first route left to the resolver (Infinity when none). */
  private readonly firstResolverOnly: number;

  constructor(routes: readonly FlatRoute[]) {
    let firstResolverOnly = Infinity;
    routes.forEach((route, position) => {
      const pattern = serverPattern(route);
      if (pattern === null) {
        firstResolverOnly = Math.min(firstResolverOnly, position);
        return;
      }
      this.serverRoutes.push({ pattern });
      this.byServerRoute.push(route);
      this.positions.push(position);
    });
    this.firstResolverOnly = firstResolverOnly;
  }

  /**
   * The resolver's answer for a route the server found, with the parameters it
   * converted; null when a route left to the resolver comes earlier and might match.
   */
  resolverMatch(serverRoute: number, params: Record<string, unknown>): ResolverMatch | null {
    if (this.positions[serverRoute] > this.firstResolverOnly) return null;
    const route = this.byServerRoute[serverRoute];
    const { entry } = route;
    return new ResolverMatch(entry.callback, { ...params, ...route.defaults }, [], entry.name, route.appNames, route.namespaces, route.route, entry);
  }
}
