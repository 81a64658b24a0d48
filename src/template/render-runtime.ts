// What compiled templates call to reach other templates: include, import,
// extends and block rendering. Recursion is bounded so a template that includes
// or extends itself fails with a clear error instead of hanging.
import { nullPrototypeRecord } from '../core/null-prototype-record';
import { drive, type TemplateCode } from './drive';
import { TemplateRuntimeError } from './errors';
import { Markup } from './markup';

export type Context = Record<string | symbol, unknown>;
export type BlockFunction = (c: Context, blocks: BlockRegistry, depth: number) => TemplateCode;
export type BlockRegistry = Record<string | symbol, BlockFunction[]>;

/** A compiled template module, as returned by the generated code. */
export interface TemplateModule {
  /** Renders the template; `blocks` is the registry of a child that extends it (a fresh render passes none). */
  root(c: Context, blocks?: BlockRegistry): TemplateCode;
  blocks: Record<string, BlockFunction>;
}

/** The environment as seen by compiled code. */
export interface TemplateHost {
  getTemplate(name: string, parent?: string): HostTemplate;
  selectTemplate(names: unknown, parent?: string, ignoreMissing?: boolean): HostTemplate | null;
  newContext(vars?: Record<string, unknown>): Context;
}

export interface HostTemplate {
  readonly name: string;
  readonly module: TemplateModule;
  /** Exports of the template when imported without context, computed once. */
  importCache?: Record<string, unknown>;
}

/** Deeper nesting than this is taken to be a recursive include or import. */
export const MAX_DEPTH = 64;
const STACK = Symbol('hyper.template.stack');
const EXTENDS = Symbol('hyper.template.extends');

/**
 * A context for an include (with context) or a scoped block: a copy of the parent
 * plus the visible locals. A copy on the same prototype (the globals), not a child
 * object: making each render's context a prototype would defeat V8's caches.
 */
export function derive(c: Context, locals?: Record<string, unknown>): Context {
  const child = Object.assign(Object.create(Object.getPrototypeOf(c)), c) as Context;
  if (locals) Object.assign(child, locals);
  return child;
}

interface Frame {
  name: string;
  parent: Frame | undefined;
  depth: number;
}

function enter(c: Context, child: Context, name: string, what: string): void {
  const parent = c[STACK] as Frame | undefined;
  const depth = parent ? parent.depth + 1 : 1;
  if (depth > MAX_DEPTH) {
    const names = [name];
    for (let f = parent; f && names.length < 5; f = f.parent) names.unshift(f.name);
    throw new TemplateRuntimeError(`recursive ${what}: more than ${MAX_DEPTH} levels deep (... ${names.join(' -> ')})`);
  }
  child[STACK] = { name, parent, depth } satisfies Frame;
}

/** An empty block registry (block names such as `constructor` are plain keys; see core/null-prototype-record). */
export function newBlockRegistry(): BlockRegistry {
  return nullPrototypeRecord();
}

export function addBlocks(registry: BlockRegistry, blocks: Record<string, BlockFunction>): void {
  for (const name in blocks) (registry[name] ??= []).push(blocks[name]);
}

/** `{% block name %}` where it stands: the most derived template's version. */
export function renderBlock(registry: BlockRegistry, name: string, c: Context): string | Promise<string> {
  return drive(registry[name][0](c, registry, 0));
}

function asMarkup(html: string | Promise<string>): Markup | Promise<Markup> {
  return typeof html === 'string' ? new Markup(html) : html.then((s) => new Markup(s));
}

/** `super()` inside a block: the next version up the inheritance chain. */
export function superBlock(registry: BlockRegistry, name: string, depth: number, c: Context): Markup | Promise<Markup> {
  const chain = registry[name];
  if (!chain || depth + 1 >= chain.length) throw new TemplateRuntimeError(`super(): block '${name}' has no parent block`);
  return asMarkup(drive(chain[depth + 1](c, registry, depth + 1)));
}

/** `self.name()`: renders a block of this template by name. */
export function selfRef(registry: BlockRegistry, c: Context): Record<string, () => Markup | Promise<Markup>> {
  const out = nullPrototypeRecord<() => Markup | Promise<Markup>>();
  for (const name of Object.keys(registry)) out[name] = () => asMarkup(renderBlock(registry, name, c));
  return out;
}

export function requiredBlock(name: string): never {
  throw new TemplateRuntimeError(`required block '${name}' must be overridden by a child template`);
}

export function extend(host: TemplateHost, target: unknown, c: Context, registry: BlockRegistry, from: string): string | Promise<string> {
  const chain = ((registry[EXTENDS] as unknown as string[] | undefined) ??= [from] as never) as unknown as string[];
  const template = resolveTarget(host, target, from);
  if (chain.includes(template.name)) {
    throw new TemplateRuntimeError(`recursive extends: ${chain.concat(template.name).join(' -> ')}`);
  }
  chain.push(template.name);
  return drive(template.module.root(c, registry));
}

function resolveTarget(host: TemplateHost, target: unknown, from: string): HostTemplate {
  if (target && typeof target === 'object' && 'module' in target) return target as HostTemplate;
  if (typeof target !== 'string') throw new TemplateRuntimeError(`expected a template name, got ${target === undefined ? 'undefined' : typeof target}`);
  return host.getTemplate(target, from);
}

export function include(host: TemplateHost, target: unknown, c: Context, ignoreMissing: boolean, withContext: boolean, locals: Record<string, unknown> | null, from: string): Promise<string> | string {
  // The common case, one name that exists, skips selectTemplate's list handling.
  const template = typeof target === 'string' && !ignoreMissing ? host.getTemplate(target, from)
    : Array.isArray(target) || typeof target === 'string' ? host.selectTemplate(target, from, ignoreMissing) : resolveTarget(host, target, from);
  if (!template) return '';
  const child = withContext ? derive(c, locals ?? undefined) : host.newContext();
  enter(c, child, template.name, 'include');
  return drive(template.module.root(child));
}

/** `{% import %}`: runs the template and returns its exported names (macros and top-level sets). */
export async function importTemplate(host: TemplateHost, target: unknown, c: Context, withContext: boolean, from: string): Promise<Record<string, unknown>> {
  const template = resolveTarget(host, target, from);
  if (!withContext && template.importCache) return template.importCache;
  const child = withContext ? derive(c) : host.newContext();
  enter(c, child, template.name, 'import');
  await drive(template.module.root(child));
  const exports = nullPrototypeRecord<unknown>();
  // With context the child starts as a copy of the caller's: export only what the template set.
  for (const key of Object.keys(child)) {
    if (key.startsWith('_') || (withContext && Object.prototype.hasOwnProperty.call(c, key) && c[key] === child[key])) continue;
    exports[key] = child[key];
  }
  if (!withContext) template.importCache = exports;
  return exports;
}

export function importName(module: Record<string, unknown>, name: string, templateName: unknown): unknown {
  if (!(name in module)) throw new TemplateRuntimeError(`the template '${String(templateName)}' does not export '${name}'`);
  return module[name];
}
