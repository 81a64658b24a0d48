// The slot static serving plugs into: in DEBUG, runserver (without --nostatic) puts
// this middleware outermost. The static-files app installs its handler in ready();
// until then there is none.
import { Slot } from '../core/slot';
import type { Middleware } from './types';

export const devStatic = new Slot<Middleware>('The development static files middleware', "add 'hyperdjango.staticfiles' to INSTALLED_APPS.");

export function devStaticMiddleware(): Middleware | null {
  return devStatic.peek() ?? null;
}
