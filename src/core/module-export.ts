// Settings that name code of the project: 'blog/middleware#name', a module under
// BASE_DIR then '#' and one of its exports (or its default export). One reading of
// such entries serves MIDDLEWARE, context processors, the auth settings that name
// classes and CSRF_FAILURE_VIEW.
import * as path from 'node:path';
import { ImproperlyConfigured } from './errors';
import { loadUserModule } from './load-user-module';
import { resolveModuleFile } from './module-file';

export interface ExportOptions {
  /** What names the entry in messages ('MIDDLEWARE', 'PASSWORD_HASHERS'). */
  setting: string;
  /** Also take 'module.export' (Django's dotted form) when there is no '#'. */
  dottedExport?: boolean;
  /** The entry must name its export. */
  requireExport?: boolean;
  /** The value when no export is named (default: the default export). */
  unnamed?: (exports: Record<string, unknown>) => unknown;
}

/** 'blog/middleware#timing' -> the module name and the export name (null when none is named). */
export function splitExportEntry(entry: string, dottedExport = false): { moduleName: string; exportName: string | null } {
  const hash = entry.lastIndexOf('#');
  const split = hash >= 0 ? hash : dottedExport ? entry.lastIndexOf('.') : -1;
  return split > 0 ? { moduleName: entry.slice(0, split), exportName: entry.slice(split + 1) } : { moduleName: entry, exportName: null };
}

/** The function (or class) a 'module#export' entry names, loaded from the project under `baseDir`. */
export function loadExport(entry: string, baseDir: string, options: ExportOptions): (...args: never[]) => unknown {
  const { setting } = options;
  const { moduleName, exportName } = splitExportEntry(entry, options.dottedExport);
  if (exportName === null && options.requireExport) {
    throw new ImproperlyConfigured(`${setting}: '${entry}' must name a module and an export, e.g. '${moduleName}#name'.`);
  }
  const file = resolveModuleFile(baseDir, moduleName);
  if (!file) throw new ImproperlyConfigured(`${setting}: the module '${moduleName}' of '${entry}' was not found under ${baseDir} (looked for ${moduleName}.ts and ${moduleName}/index.ts).`);
  const exports = loadUserModule(file) as Record<string, unknown>;
  const value = exportName !== null ? exports[exportName] : (options.unnamed ?? ((all) => all.default))(exports);
  if (typeof value !== 'function') {
    throw new ImproperlyConfigured(
      exportName !== null
        ? `${setting}: ${path.basename(file)} has no exported function or class '${exportName}' ('${entry}').`
        : `${setting}: '${entry}' has no default export to use; export one as default or name it, e.g. '${moduleName}#name'.`,
    );
  }
  return value as (...args: never[]) => unknown;
}
