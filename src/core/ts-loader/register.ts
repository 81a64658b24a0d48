// The require hook that lets `hyper` load a project's .ts files directly.
import * as fs from 'node:fs';
import Module from 'node:module';
import { loadingModule } from './import-cycle';
import { TransformCache } from './transform-cache';
import { transformTypeScript } from './transform';

export const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'] as const;

interface CompilableModule {
  _compile(code: string, filename: string): void;
}
type ExtensionHandler = (module: CompilableModule, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, ExtensionHandler> })._extensions;

let cache: TransformCache | undefined;
let registered = false;
const loadListeners = new Set<(filename: string) => void>();

/**
 * Calls `listener` with each TypeScript file the hook loads from now on, before it
 * compiles (so a file that fails to compile is named too): runserver's child tells
 * its reloader which files the project uses. Returns the unsubscribe function.
 */
export function onTypeScriptLoad(listener: (filename: string) => void): () => void {
  loadListeners.add(listener);
  return () => loadListeners.delete(listener);
}

/**
 * Installs the hook (once; later calls only move the cache). `cacheDir` is where
 * compiled files are kept; without one every start compiles again.
 */
export function registerTypeScriptLoader(options: { cacheDir?: string } = {}): void {
  if (options.cacheDir) cache = new TransformCache(options.cacheDir);
  if (registered) return;
  registered = true;
  // Stack traces through user code then show .ts lines, not compiled ones.
  process.setSourceMapsEnabled(true);
  for (const extension of TYPESCRIPT_EXTENSIONS) {
    extensions[extension] = (module, filename) => {
      for (const listener of loadListeners) listener(filename);
      const source = fs.readFileSync(filename, 'utf8');
      const code = transformTypeScript(source, filename, cache);
      loadingModule(filename, () => module._compile(code, filename));
    };
  }
}
