// The Environment holds everything templates share: loader, filters, tests,
// globals, options, and the cache of compiled templates.
import { TemplateDoesNotExist, TemplateRuntimeError } from './errors';
import { builtinFilters } from './filters';
import type { FilterFunction, TestFunction } from './filters/types';
import { defaultGlobals } from './globals';
import type { Loader, TemplateSource } from './loaders';
import type { Context } from './render-runtime';
import { builtinTests } from './tests';
import { Template, generateCode, type TemplateEnvironment } from './template';

export interface EnvironmentOptions {
  loader?: Loader;
  /** Escape output as HTML (default true). */
  autoescape?: boolean;
  /** 'strict' raises on any use of an undefined value; 'lenient' (default) renders it empty. */
  undefined?: 'lenient' | 'strict';
  /** Recompile a template when its source changes (on in DEBUG). */
  autoReload?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
  lineStatementPrefix?: string;
  lineCommentPrefix?: string;
  filters?: Record<string, FilterFunction>;
  tests?: Record<string, TestFunction>;
  globals?: Record<string, unknown>;
}

interface CacheEntry {
  template: Template;
  source: TemplateSource;
}

export class Environment implements TemplateEnvironment {
  readonly filters: Record<string, FilterFunction>;
  readonly tests: Record<string, TestFunction>;
  /** The bottom of every context; null prototype so no template reaches Object.prototype. */
  readonly globals: Record<string, unknown>;
  readonly loader: Loader | undefined;
  readonly autoescape: boolean;
  readonly strict: boolean;
  autoReload: boolean;
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly options: EnvironmentOptions = {}) {
    this.loader = options.loader;
    this.autoescape = options.autoescape ?? true;
    this.strict = options.undefined === 'strict';
    this.autoReload = options.autoReload ?? false;
    this.filters = Object.assign(Object.create(null), builtinFilters(), options.filters);
    this.tests = Object.assign(Object.create(null), builtinTests(), options.tests);
    this.globals = Object.assign(Object.create(null), defaultGlobals(), options.globals);
  }

  addFilter(name: string, fn: FilterFunction): void {
    this.filters[name] = fn;
  }

  addTest(name: string, fn: TestFunction): void {
    this.tests[name] = fn;
  }

  addGlobal(name: string, value: unknown): void {
    this.globals[name] = value;
  }

  /** Compiles template source (not cached). */
  fromString(source: string, name = '<string>'): Template {
    return this.compile(source, name);
  }

  compile(source: string, name: string, filename?: string): Template {
    const code = generateCode(source, name, this, {
      autoescape: this.autoescape,
      strict: this.strict,
      trimBlocks: this.options.trimBlocks,
      lstripBlocks: this.options.lstripBlocks,
      keepTrailingNewline: this.options.keepTrailingNewline,
      lineStatementPrefix: this.options.lineStatementPrefix,
      lineCommentPrefix: this.options.lineCommentPrefix,
    });
    return new Template(this, name, code, filename, source);
  }

  /** The template called `name`, compiled once and cached (recompiled on change under autoReload). */
  getTemplate(name: string, parent?: string): Template {
    const cached = this.cache.get(name);
    if (cached && (!this.autoReload || cached.source.uptodate())) return cached.template;
    if (!this.loader) throw new TemplateRuntimeError(`cannot load '${name}': this environment has no loader`);
    const source = this.loader.getSource(name);
    if (!source) {
      const error = new TemplateDoesNotExist([name], this.loader.searchPath());
      void parent;
      throw error;
    }
    const template = this.compile(source.source, name, source.filename);
    this.cache.set(name, { template, source });
    return template;
  }

  /** The first of `names` that exists; a single name is allowed too. */
  selectTemplate(names: unknown, parent?: string, ignoreMissing = false): Template | null {
    const list = (Array.isArray(names) ? names : [names]).map((n) => (n instanceof Template ? n : String(n)));
    for (const name of list) {
      if (name instanceof Template) return name;
      try {
        return this.getTemplate(name, parent);
      } catch (error) {
        if (!(error instanceof TemplateDoesNotExist)) throw error;
      }
    }
    if (ignoreMissing) return null;
    throw new TemplateDoesNotExist(list.map(String), this.loader?.searchPath() ?? []);
  }

  newContext(vars?: Record<string, unknown>): Context {
    const c = Object.create(this.globals) as Context;
    if (vars) Object.assign(c, vars);
    return c;
  }

  clearCache(): void {
    this.cache.clear();
  }
}
