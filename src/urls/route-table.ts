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
  // The server's pattern is the resolver's routes joined, with the full path's leading slash.
  let pattern = '/';
  for (let i = 0; i < route.chain.length; i++) {
    const { isRegex, pieces, route: text } = route.chain[i];
    if (isRegex || !pieces) return null;
    const isPrefix = i < route.chain.length - 1;
    if (isPrefix && text !== '' && !text.endsWith('/')) return null;
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        pattern += piece;
        continue;
      }
      const converter = SERVER_CONVERTERS.find((candidate) => getConverter(candidate) === piece.converter);
      if (!converter || names.has(piece.name) || (isPrefix && converter === 'path')) return null;
      names.add(piece.name);
      pattern += `<${converter}:${piece.name}>`;
    }
  }
  // The resolver lets extra kwargs and parameters override each other level by level.
  if (Object.keys(route.defaults).some((key) => names.has(key))) return null;
  return pattern;
}

export class UrlRouteTable {
  /** What the server routes: only the routes it can match as the resolver would. */
  readonly serverRoutes: RouteDefinition[] = [];
  private readonly byServerRoute: FlatRoute[] = [];
  private readonly positions: number[] = [];
  /** Per server route: whether path()'s extra kwargs join the parameters. */
  private readonly withDefaults: boolean[] = [];
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
      this.withDefaults.push(Object.keys(route.defaults).length > 0);
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
    // The server made `params` for this request alone, so it is the match's own unless extra kwargs join it.
    const all = this.withDefaults[serverRoute] ? { ...params, ...route.defaults } : params;
    return new ResolverMatch(entry.callback, all, [], entry.name, route.appNames, route.namespaces, route.route, entry);
  }
}
