// Database routers, after Django: DATABASE_ROUTERS lists objects (or modules
// exporting one, or a class to instantiate) that may answer where a model is read,
// where it is written, whether two objects may be related and whether an app's
// models are migrated on a database. The first router with an answer decides; with
// none, reads and writes go to 'default' (or to the database the hinted instance
// came from), relations are allowed between objects of one database, and
// migrations run everywhere.
import { ImproperlyConfigured } from '../core/errors';
import { loadUserModule } from '../core/load-user-module';
import { resolveModuleFile } from '../core/module-file';
import { settings } from '../conf/settings';
import { DEFAULT_DB_ALIAS } from './connection-handler';

export interface RouterHints {
  /** The model instance the operation concerns, if any. */
  instance?: unknown;
  [name: string]: unknown;
}

/** M: what a model is; hyperdjango/db gives its model class (this layer knows no models). */
export interface DatabaseRouter<M = unknown> {
  dbForRead?(model: M, hints: RouterHints): string | null | undefined;
  dbForWrite?(model: M, hints: RouterHints): string | null | undefined;
  allowRelation?(a: unknown, b: unknown): boolean | null | undefined;
  allowMigrate?(db: string, appLabel: string, hints: RouterHints): boolean | null | undefined;
}

export type RouterEntry = string | DatabaseRouter | (new () => DatabaseRouter);

export class ConnectionRouter {
  readonly routers: readonly DatabaseRouter[];

  constructor(entries: readonly RouterEntry[], baseDir: string = process.cwd()) {
    this.routers = entries.map((entry) =>
      typeof entry === 'string' ? loadRouter(entry, baseDir) : typeof entry === 'function' ? new entry() : entry,
    );
  }

  dbForRead(model: unknown, hints: RouterHints = {}): string {
    return this.route('dbForRead', model, hints);
  }

  dbForWrite(model: unknown, hints: RouterHints = {}): string {
    return this.route('dbForWrite', model, hints);
  }

  allowRelation(a: unknown, b: unknown): boolean {
    for (const router of this.routers) {
      const answer = router.allowRelation?.(a, b);
      if (answer !== null && answer !== undefined) return answer;
    }
    return instanceDb(a) === instanceDb(b);
  }

  allowMigrate(db: string, appLabel: string, hints: RouterHints = {}): boolean {
    for (const router of this.routers) {
      const answer = router.allowMigrate?.(db, appLabel, hints);
      if (answer !== null && answer !== undefined) return answer;
    }
    return true;
  }

  private route(method: 'dbForRead' | 'dbForWrite', model: unknown, hints: RouterHints): string {
    for (const router of this.routers) {
      const answer = router[method]?.(model, hints);
      if (answer) return answer;
    }
    return instanceDb(hints.instance) ?? DEFAULT_DB_ALIAS;
  }
}

/** The alias a model instance was loaded from or saved to: `instance._state.db`, as in Django. */
function instanceDb(instance: unknown): string | undefined {
  const db = (instance as { _state?: { db?: unknown } } | null | undefined)?._state?.db;
  return typeof db === 'string' ? db : undefined;
}

function loadRouter(name: string, baseDir: string): DatabaseRouter {
  const where = `DATABASE_ROUTERS entry '${name}'`;
  let exported: unknown;
  const file = resolveModuleFile(baseDir, name);
  if (file) {
    const module = loadUserModule(file) as { default?: unknown };
    exported = module.default ?? module;
  } else {
    // 'routers.PrimaryReplicaRouter': an export of a module, as Django writes it.
    const dot = name.lastIndexOf('.');
    const moduleFile = dot > 0 ? resolveModuleFile(baseDir, name.slice(0, dot)) ?? resolvePackage(name.slice(0, dot), baseDir) : resolvePackage(name, baseDir);
    if (!moduleFile) throw new ImproperlyConfigured(`${where}: no module of that name in ${baseDir}.`, { code: 'HYPER_DB_BAD_ROUTER' });
    const module = loadUserModule(moduleFile) as Record<string, unknown>;
    exported = dot > 0 && file === undefined && name.slice(dot + 1) in module ? module[name.slice(dot + 1)] : (module.default ?? module);
  }
  if (typeof exported === 'function') exported = new (exported as new () => unknown)();
  if (typeof exported !== 'object' || exported === null) throw new ImproperlyConfigured(`${where} is not a router object or class.`, { code: 'HYPER_DB_BAD_ROUTER' });
  const router = exported as Record<string, unknown>;
  const methods = ['dbForRead', 'dbForWrite', 'allowRelation', 'allowMigrate'];
  if (!methods.some((method) => typeof router[method] === 'function')) {
    throw new ImproperlyConfigured(`${where} has none of the router methods (${methods.join(', ')}).`, { code: 'HYPER_DB_BAD_ROUTER' });
  }
  return exported as DatabaseRouter;
}

function resolvePackage(name: string, baseDir: string): string | undefined {
  try {
    return require.resolve(name, { paths: [baseDir] });
  } catch {
    return undefined;
  }
}

// The router of the current settings, rebuilt when the settings change.
let cached: { entries: unknown; router: ConnectionRouter } | undefined;

export function router(): ConnectionRouter {
  const entries = (settings.DATABASE_ROUTERS ?? []) as RouterEntry[];
  if (cached?.entries !== entries) cached = { entries, router: new ConnectionRouter(entries, settings.BASE_DIR || process.cwd()) };
  return cached.router;
}

export function routeForRead(model: unknown, hints?: RouterHints): string {
  return router().dbForRead(model, hints);
}

export function routeForWrite(model: unknown, hints?: RouterHints): string {
  return router().dbForWrite(model, hints);
}

export function allowRelation(a: unknown, b: unknown): boolean {
  return router().allowRelation(a, b);
}

export function allowMigrate(db: string, appLabel: string, hints?: RouterHints): boolean {
  return router().allowMigrate(db, appLabel, hints);
}
