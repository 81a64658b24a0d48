// The URL tree as the list of its path() routes in resolution order: what
// `hyper routes` prints and what the server's route table is made from.
import { type RoutePattern, URLPattern, type URLResolver } from './patterns';

/** One path() route with everything that led to it through include(). */
export interface FlatRoute {
  entry: URLPattern;
  /** The patterns from the root down to the route itself. */
  chain: readonly RoutePattern[];
  /** The Django route text, prefixes included ('blog/<int:id>/'). */
  route: string;
  appNames: string[];
  namespaces: string[];
  /** include() and path() extra kwargs, the inner ones winning. */
  defaults: Record<string, unknown>;
}

/** Every path() route under `resolver`, in resolution order (depth first, as Django tries them). */
export function flattenUrlconf(resolver: URLResolver): FlatRoute[] {
  const routes: FlatRoute[] = [];
  const walk = (node: URLResolver, chain: RoutePattern[], appNames: string[], namespaces: string[], defaults: Record<string, unknown>) => {
    for (const entry of node.urlPatterns) {
      const here = [...chain, entry.pattern];
      const merged = { ...defaults, ...entry.defaultKwargs };
      if (entry instanceof URLPattern) {
        routes.push({ entry, chain: here, route: here.map((pattern) => pattern.route).join(''), appNames, namespaces, defaults: merged });
      } else {
        walk(entry, here, entry.appName ? [...appNames, entry.appName] : appNames, entry.namespace ? [...namespaces, entry.namespace] : namespaces, merged);
      }
    }
  };
  walk(resolver, [], [], [], {});
  return routes;
}
