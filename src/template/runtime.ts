// Helpers the compiled templates call. Generated code binds these to local
// constants once per template, so each call is a plain function call. Python-like
// semantics live in values.ts; template-to-template calls in render-runtime.ts.
import { drive, type TemplateCode } from './drive';
import { expressionAt, TemplateError, type TemplateFrame, type TemplateOrigin, TemplateRuntimeError, UndefinedError } from './errors';
import { pyFormat } from './filters/format';
import { Markup, escapeHtml, markupJoin, toStr } from './markup';
import { LoopContext } from './loop';
import { pyMethod } from './py-methods';
import { contains, eq, type JsOperand, type Props, slice, toList, truthy } from './values';

export { contains, eq, slice, toList, truthy, toStr as str, escapeHtml as esc, drive };

/** Names never reachable through attribute or item access (the Jinja2 sandbox rule). */
export function isBlockedName(name: string): boolean {
  return name === 'constructor' || name === 'prototype' || name.startsWith('__');
}

function blocked(name: string): never {
  throw new TemplateRuntimeError(`access to '${name}' is not allowed in templates`);
}

/** `obj.name` with a name checked at compile time (what the compiler writes inline for lenient templates; see compile-expression.ts). */
export function ga(obj: unknown, name: string): unknown {
  if (obj == null) return undefined;
  const v = (obj as Props)[name];
  if (v === undefined && obj instanceof Map) return obj.get(name);
  return v;
}

/** `obj[key]`: the key is only known now, so it is checked now. Negative indexes count from the end. */
export function gi(obj: unknown, key: unknown): unknown {
  if (obj == null) return undefined;
  if (typeof key === 'number') {
    const index = key < 0 && (Array.isArray(obj) || typeof obj === 'string') ? key + obj.length : key;
    return obj instanceof Map ? obj.get(index) : (obj as Props)[index];
  }
  if (obj instanceof Map) return obj.get(key);
  if (typeof key === 'string') {
    if (isBlockedName(key)) blocked(key);
    return (obj as Props)[key];
  }
  if (key instanceof Markup) return gi(obj, key.html);
  return undefined;
}

/** StrictUndefined versions: a missing value is an error naming the expression. */
export function gas(obj: unknown, name: string, desc: string): unknown {
  if (obj == null) throw new UndefinedError(`'${desc}' is undefined (its parent is ${obj === null ? 'none' : 'undefined'})`);
  const v = ga(obj, name);
  if (v === undefined) throw new UndefinedError(`'${desc}' is undefined`);
  return v;
}

export function gis(obj: unknown, key: unknown, desc: string): unknown {
  if (obj == null) throw new UndefinedError(`'${desc}' is undefined (its parent is ${obj === null ? 'none' : 'undefined'})`);
  const v = gi(obj, key);
  if (v === undefined) throw new UndefinedError(`'${desc}' is undefined`);
  return v;
}

export function miss(name: string): never {
  throw new UndefinedError(`'${name}' is undefined`);
}

/** A macro as JS sees it: its Markup, or a promise of it when its body met an async value. */
export interface MacroFunction {
  (args: unknown[], kwargs: Record<string, unknown> | null, caller: unknown): unknown;
  isMacro: true;
  macroName: string;
}

export function macro(name: string, body: (args: unknown[], kwargs: Record<string, unknown> | null, caller: unknown) => TemplateCode<unknown>): MacroFunction {
  const m = ((args, kwargs, caller) => drive(body(args, kwargs, caller))) as MacroFunction;
  m.isMacro = true;
  m.macroName = name;
  return m;
}

/** A function a template calls: a macro (args, kwargs, caller) or a plain JS function. */
type Callee = ((...args: unknown[]) => unknown) & { isMacro?: boolean };

function invoke(fn: Callee, self: unknown, args: unknown[], kw: Record<string, unknown> | null, caller: unknown): unknown {
  if (fn.isMacro === true) return fn(args, kw, caller);
  if (caller !== undefined) kw = { ...kw, caller };
  // Keyword arguments reach plain JS functions as one trailing object.
  return kw === null ? fn.apply(self, args) : fn.apply(self, [...args, kw]);
}

/** `f(args)`: a macro, a global or a function from the context. */
export function call(fn: unknown, args: unknown[], kw: Record<string, unknown> | null, desc: string, caller?: unknown): unknown {
  if (typeof fn !== 'function') {
    if (fn instanceof LoopContext) return fn.recurse(args);
    if (fn === undefined) throw new UndefinedError(`'${desc}' is undefined`);
    throw new TemplateRuntimeError(`'${desc}' is not callable`);
  }
  return invoke(fn as Callee, undefined, args, kw, caller);
}

/** `obj.name(args)`, with `this` bound, falling back to Python's str/dict/list methods. */
export function callm(obj: unknown, name: string, args: unknown[], kw: Record<string, unknown> | null, desc: string, caller?: unknown): unknown {
  if (obj == null) throw new UndefinedError(`'${desc}' is undefined`);
  if (isBlockedName(name)) blocked(name);
  let fn = (obj as Props)[name];
  if (fn === undefined && obj instanceof Map) fn = obj.get(name);
  if (typeof fn === 'function') return invoke(fn as Callee, obj, args, kw, caller);
  const py = fn === undefined ? pyMethod(obj, name) : undefined;
  if (py) return py(obj, ...args);
  if (fn === undefined) throw new UndefinedError(`'${desc}' is undefined`);
  throw new TemplateRuntimeError(`'${desc}' is not callable`);
}

export function mergeKw(kw: Record<string, unknown> | null, extra: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...kw };
  if (extra instanceof Map) for (const [k, v] of extra) out[String(k)] = v;
  else if (extra && typeof extra === 'object') Object.assign(out, extra);
  return out;
}

/** Spreads `*args`. */
export function spread(v: unknown): unknown[] {
  const list = toList(v);
  if (!Array.isArray(list)) throw new TemplateRuntimeError('cannot spread an async iterable; await it first');
  return list;
}

// Arithmetic with Python's meaning where JS differs, and JS's own (coercion included) elsewhere.
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (a instanceof Markup || b instanceof Markup) return new Markup(escapeHtml(a) + escapeHtml(b));
  if (a == null || b == null) throw new TemplateRuntimeError(`cannot add ${a === undefined || b === undefined ? 'an undefined value' : 'none'}`);
  return (a as JsOperand) + (b as JsOperand);
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
  if (Array.isArray(a) && typeof b === 'number') return Array.from({ length: Math.max(0, b) }, () => a).flat();
  return (a as JsOperand) * (b as JsOperand);
}

export function div(a: unknown, b: unknown): number {
  if (b === 0) throw new TemplateRuntimeError('division by zero');
  return (a as JsOperand) / (b as JsOperand);
}

export function fdiv(a: unknown, b: unknown): number {
  if (b === 0) throw new TemplateRuntimeError('division by zero');
  return Math.floor((a as JsOperand) / (b as JsOperand));
}

/** `%`: Python's modulo for numbers, printf-style formatting for strings. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' || a instanceof Markup) return pyFormat(a, b);
  if (b === 0) throw new TemplateRuntimeError('modulo by zero');
  const x = a as JsOperand;
  const y = b as JsOperand;
  return ((x % y) + y) % y;
}

/** `~`: string concatenation, escaping the plain side when the other is Markup. */
export function cat(a: unknown, b: unknown): unknown {
  if (a instanceof Markup || b instanceof Markup) return markupJoin([a, b]);
  return toStr(a) + toStr(b);
}

/** Destructures for `{% for k, v in ... %}` and `{% set a, b = ... %}`. */
export function unpack(v: unknown, n: number): unknown[] {
  const list = v instanceof Map ? [...v] : toList(v);
  if (!Array.isArray(list) || list.length !== n) {
    throw new TemplateRuntimeError(`cannot unpack ${Array.isArray(list) ? list.length : 'an async'} value(s) into ${n} names`);
  }
  return list;
}

/** Jinja2's namespace(): the one object `{% set ns.x = ... %}` may write to. */
export class Namespace {
  constructor(init?: Record<string, unknown>) {
    if (init) Object.assign(this, init);
  }
}

export function nsset(ns: unknown, attr: string, value: unknown): void {
  if (!(ns instanceof Namespace)) throw new TemplateRuntimeError(`cannot assign attribute '${attr}' on a value that is not a namespace()`);
  if (isBlockedName(attr)) blocked(attr);
  (ns as Record<string, unknown>)[attr] = value;
}

/** What a macro called with too many positional arguments, or a keyword it does not declare, throws (from the compiled code). */
export function macroArgError(message: string): TemplateRuntimeError {
  return new TemplateRuntimeError(message, { code: 'HYPER_TEMPLATE_MACRO_ARGUMENTS' });
}

export function markup(s: string): Markup {
  return new Markup(s);
}

/**
 * Gives an error escaping a template its location. Our own errors get "name:line: "
 * in front of the message; JS type errors from a filter become TemplateRuntimeError;
 * anything else (a view's Http404, a database error) keeps its class and gains a
 * `templateLocation` property.
 */
export function located(error: unknown, name: string, line: number, origin?: TemplateOrigin): unknown {
  let out = error;
  if (error instanceof TemplateError) error.locate(name, line);
  else if (error instanceof TypeError || error instanceof RangeError) {
    out = new TemplateRuntimeError(error.message, { cause: error }).locate(name, line);
  } else if (error !== null && typeof error === 'object' && !('templateLocation' in error)) {
    Object.defineProperty(error, 'templateLocation', { value: { name, line }, enumerable: false });
  }
  // The innermost template sets the frame; the templates that include it leave it.
  if (out !== null && typeof out === 'object' && !('templateFrame' in out)) {
    const source = origin?.source;
    const frame: TemplateFrame = { name, filename: origin?.filename, line, expression: source === undefined ? '' : expressionAt(source, line), source };
    Object.defineProperty(out, 'templateFrame', { value: frame, enumerable: false, configurable: true });
  }
  return out;
}

export { truthy as bool };
