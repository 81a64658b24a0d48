// Turns MIDDLEWARE entries into factories: functions as they are, framework names
// ('hyperdjango.middleware.security', or one an app registered with
// registerMiddleware), and project modules ('blog/middleware', with '#name' to
// pick an export; else the default export or the only exported function).
import { frameworkAppNames } from '../apps/resolve-app';
import { ImproperlyConfigured } from '../core/errors';
import { loadExport } from '../core/module-export';
import { didYouMean } from '../core/suggest';
import type { Middleware } from '../http/types';

const registry = new Map<string, () => Middleware>([
  ['hyperdjango.middleware.security', () => require('./security').securityMiddleware],
  ['hyperdjango.middleware.common', () => require('./common').commonMiddleware],
  ['hyperdjango.middleware.gzip', () => require('./compression').compressionMiddleware],
  ['hyperdjango.middleware.compression', () => require('./compression').compressionMiddleware],
  ['hyperdjango.middleware.cors', () => require('./cors').corsMiddleware],
  ['hyperdjango.middleware.conditional_get', () => require('./conditional-get').conditionalGetMiddleware],
  ['hyperdjango.middleware.conditionalGet', () => require('./conditional-get').conditionalGetMiddleware],
  ['hyperdjango.middleware.timing', () => require('./timing').timingMiddleware],
  ['hyperdjango.middleware.logging', () => require('./request-log').requestLogMiddleware],
  ['hyperdjango.middleware.csrf', () => require('./csrf').csrfMiddleware],
  ['hyperdjango.middleware.clickjacking', () => require('./clickjacking').xframeOptionsMiddleware],
  ['hyperdjango.middleware.csp', () => require('./csp').cspMiddleware],
  ['hyperdjango.middleware.cache.UpdateCacheMiddleware', () => (require('../cache/decorators') as typeof import('../cache/decorators')).updateCacheMiddleware],
  ['hyperdjango.middleware.cache.FetchFromCacheMiddleware', () => (require('../cache/decorators') as typeof import('../cache/decorators')).fetchFromCacheMiddleware],
]);

/** Lets a framework app ('hyperdjango.sessions.middleware') or a library name its middleware. */
export function registerMiddleware(name: string, factory: Middleware | (() => Middleware), lazy = false): void {
  registry.set(name, lazy ? (factory as () => Middleware) : () => factory as Middleware);
}

export function loadMiddlewareEntry(entry: unknown, baseDir: string): Middleware {
  if (typeof entry === 'function') return entry as Middleware;
  if (typeof entry !== 'string') throw new ImproperlyConfigured(`MIDDLEWARE: expected a function or a module name, got ${typeof entry}.`);
  const known = registry.get(entry);
  if (known) return known();
  if (entry.startsWith('hyperdjango.')) {
    // 'hyperdjango.sessions.middleware' is registered by its app's ready(): name the missing app.
    const app = entry.split('.').slice(0, 2).join('.');
    if (app !== 'hyperdjango.middleware' && frameworkAppNames().includes(app)) {
      throw new ImproperlyConfigured(`MIDDLEWARE: '${entry}' comes with the app '${app}': add '${app}' to INSTALLED_APPS.`);
    }
    throw new ImproperlyConfigured(`MIDDLEWARE: '${entry}' is not a framework middleware.${didYouMean(entry, [...registry.keys()]) || ` Known: ${[...registry.keys()].join(', ')}.`}`);
  }
  return loadExport(entry, baseDir, { setting: 'MIDDLEWARE', unnamed: defaultOrOnlyFunction(entry) }) as unknown as Middleware;
}

/** Without '#name': the default export, else the module's only exported function. */
function defaultOrOnlyFunction(entry: string) {
  return (exports: Record<string, unknown>): unknown => {
    if (typeof exports.default === 'function') return exports.default;
    const functions = Object.values(exports).filter((value) => typeof value === 'function');
    if (functions.length === 1) return functions[0];
    throw new ImproperlyConfigured(`MIDDLEWARE: '${entry}' exports ${functions.length} functions; name one with '${entry}#name' or export it as default.`);
  };
}
