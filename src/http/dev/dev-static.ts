// The hook static serving plugs into: in DEBUG, runserver (without --nostatic)
// puts this middleware outermost. The static-files app registers its handler
// here; until then there is none.
import type { Middleware } from '../types';

let devStatic: Middleware | null = null;

export function setDevStaticMiddleware(middleware: Middleware | null): void {
  devStatic = middleware;
}

export function devStaticMiddleware(): Middleware | null {
  return devStatic;
}
