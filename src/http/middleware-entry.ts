// How the handler turns a MIDDLEWARE entry into a middleware. A function is used as it
// is; a name ('hyperdjango.middleware.csrf', 'blog/middleware') needs the loader of
// hyperdjango/middleware, a layer above, which the setup path installs
// (src/management/wiring.ts: setupProject, the test client, runserver and serve).
import { Slot } from '../core/slot';
import type { Middleware } from './types';

export type MiddlewareLoader = (entry: unknown, baseDir: string) => Middleware;

export const middlewareLoader = new Slot<MiddlewareLoader>(
  'The MIDDLEWARE loader',
  "middleware named by string need hyperdjango/middleware's loader; call setupProject() (hyperdjango/management) or installFramework() first, or give MIDDLEWARE as functions.",
);

export function loadMiddlewareEntry(entry: unknown, baseDir: string): Middleware {
  return typeof entry === 'function' ? (entry as Middleware) : middlewareLoader.get()(entry, baseDir);
}
