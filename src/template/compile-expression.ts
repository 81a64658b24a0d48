// Expressions to JS source. Every value that may come from user data passes
// through `aw()`, which yields it to the driver (drive.ts) only if it is a thenable,
// so plain values cost two type checks and async ones (a QuerySet, a promise) are
// resolved in place.
import { suggestion } from './errors';
import type { Lexer } from './lexer';
import { escapeHtml, toStr } from './markup';
import type { CallArgs, Expr, Filter } from './nodes';
import { isBlockedName } from './runtime';
import type { FilterEnvironment } from './filters/types';

const THEN = 'typeof t === "object" && t !== null && typeof t.then === "function"';
const lit = (v: unknown): string => JSON.stringify(v);

/** The value of `js`, waited for if it is a thenable (compiled code is a generator that drive() runs). */
export function aw(js: string): string {
  return `(t = ${js}, ${THEN} ? yield t : t)`;
}

/** Boolean-valued expressions need no truthiness conversion. */
function isBoolean(e: Expr): boolean {
  return e.k === 'compare' || e.k === 'test' || (e.k === 'unary' && e.op === 'not') || (e.k === 'const' && typeof e.value === 'boolean');
}

export abstract class ExpressionCompiler {
  autoescape: boolean;
  /** Inside `x is defined` or `x|default`: missing values are not errors even in strict mode. */
  protected lenient = 0;
  /** The block being compiled, for super(). */
  protected blockName: string | null = null;
  private readonly filterIds = new Map<string, string>();
  private readonly testIds = new Map<string, string>();

  constructor(
    protected readonly env: FilterEnvironment,
    protected readonly lexer: Lexer,
    protected readonly strict: boolean,
    autoescape: boolean,
  ) {
    this.autoescape = autoescape;
  }

  /** The JS identifier of a template variable in scope, if it is local. */
  protected abstract resolveLocal(name: string): string | undefined;

  protected error(message: string, pos: number): Error {
    return this.lexer.error(message, pos);
  }

  /** Constants the module needs: `const F0 = E.filters["upper"];` ... */
  protected prologue(): string[] {
    const out: string[] = [];
    for (const [name, id] of this.filterIds) out.push(`const ${id} = E.filters[${lit(name)}];`);
    for (const [name, id] of this.testIds) out.push(`const ${id} = E.tests[${lit(name)}];`);
    return out;
  }

  /** Printable source for error messages: `post.author.name`. */
  protected describe(e: Expr): string {
    switch (e.k) {
      case 'name': return e.name;
      case 'getattr': return `${this.describe(e.obj)}.${e.name}`;
      case 'getitem': return `${this.describe(e.obj)}[${e.key.k === 'const' ? lit(e.key.value) : '...'}]`;
      case 'call': return `${this.describe(e.callee)}()`;
      case 'const': return lit(e.value);
      default: return 'expression';
    }
  }

  protected isStrict(): boolean {
    return this.strict && this.lenient === 0;
  }

  /** The expression as a JS boolean. */
  bool(e: Expr): string {
    if (isBoolean(e)) return this.expr(e);
    if (e.k === 'bin' && (e.op === 'and' || e.op === 'or')) {
      return `(${this.bool(e.left)} ${e.op === 'and' ? '&&' : '||'} ${this.bool(e.right)})`;
    }
    return `bool(${this.expr(e)})`;
  }

  expr(e: Expr): string {
    switch (e.k) {
      case 'const':
        return typeof e.value === 'number' ? String(e.value) : lit(e.value);
      case 'name':
        return this.name(e.name, e.pos);
      case 'list':
      case 'tuple':
        return `[${e.items.map((i) => this.expr(i)).join(', ')}]`;
      case 'dict':
        // Computed keys: a literal "__proto__" key must not set the prototype.
        return `({${e.pairs.map(([k, v]) => `[${this.expr(k)}]: ${this.expr(v)}`).join(', ')}})`;
      case 'bin':
        return this.binary(e.op, e.left, e.right);
      case 'unary':
        if (e.op === 'not') return `!${this.bool(e.expr)}`;
        return e.op === '-' ? `(-${this.expr(e.expr)})` : `(+${this.expr(e.expr)})`;
      case 'compare':
        return this.compare(e);
      case 'cond':
        return `(${this.bool(e.test)} ? ${this.expr(e.then)} : ${e.else ? this.expr(e.else) : 'undefined'})`;
      case 'getattr':
        if (isBlockedName(e.name)) throw this.error(`access to '${e.name}' is not allowed in templates`, e.pos);
        if (this.isStrict()) return aw(`gas(${this.expr(e.obj)}, ${lit(e.name)}, ${lit(this.describe(e))})`);
        // ga() inline: each place gets its own property cache, where one shared ga() sees every name of every template.
        return aw(`(u = ${this.expr(e.obj)}, u == null ? undefined : (t = u[${lit(e.name)}]) === undefined && u instanceof Map ? u.get(${lit(e.name)}) : t)`);
      case 'getitem':
        if (e.key.k === 'const' && typeof e.key.value === 'string' && isBlockedName(e.key.value)) {
          throw this.error(`access to '${e.key.value}' is not allowed in templates`, e.pos);
        }
        return aw(this.isStrict() ? `gis(${this.expr(e.obj)}, ${this.expr(e.key)}, ${lit(this.describe(e))})` : `gi(${this.expr(e.obj)}, ${this.expr(e.key)})`);
      case 'slice': {
        const part = (p: Expr | null) => (p ? this.expr(p) : 'null');
        return `slice(${this.expr(e.obj)}, ${part(e.start)}, ${part(e.stop)}, ${part(e.step)})`;
      }
      case 'call':
        return this.call(e.callee, e, e.pos);
      case 'filter':
        return this.filter(e, e.expr ? this.filterOperand(e) : 'undefined');
      case 'test':
        return this.test(e);
    }
  }

  protected name(name: string, pos: number): string {
    const local = this.resolveLocal(name);
    if (local !== undefined) return this.isStrict() ? `(${local} === undefined ? miss(${lit(name)}) : ${local})` : local;
    if (name === 'self') return 'selfRef(B, c)';
    const key = `c[${lit(name)}]`;
    const missing = this.isStrict() ? `t === undefined ? miss(${lit(name)}) : ` : '';
    void pos;
    // Write a resolved promise back so that it is awaited once per render.
    return `(t = ${key}, ${missing}${THEN} ? (${key} = yield t) : t)`;
  }

  private binary(op: string, left: Expr, right: Expr): string {
    const a = this.expr(left);
    const b = this.expr(right);
    switch (op) {
      case 'and': return `(t = ${a}, bool(t) ? ${b} : t)`;
      case 'or': return `(t = ${a}, bool(t) ? t : ${b})`;
      case '+': return `add(${a}, ${b})`;
      case '-': return `(${a} - ${b})`;
      case '*': return `mul(${a}, ${b})`;
      case '/': return `div(${a}, ${b})`;
      case '//': return `fdiv(${a}, ${b})`;
      case '%': return `mod(${a}, ${b})`;
      case '**': return `(${a} ** ${b})`;
      case '~': return `cat(${a}, ${b})`;
    }
    throw this.error(`unknown operator '${op}'`, left.pos);
  }

  private compare(e: Extract<Expr, { k: 'compare' }>): string {
    const parts: string[] = [];
    let left = e.expr;
    for (const { op, expr: right } of e.ops) {
      const a = this.expr(left);
      const b = this.expr(right);
      switch (op) {
        case '==': parts.push(`eq(${a}, ${b})`); break;
        case '!=': parts.push(`!eq(${a}, ${b})`); break;
        case 'in': parts.push(`contains(${b}, ${a})`); break;
        case 'notin': parts.push(`!contains(${b}, ${a})`); break;
        default: parts.push(`(${a} ${op} ${b})`);
      }
      left = right;
    }
    return parts.length === 1 ? parts[0] : `(${parts.join(' && ')})`;
  }

  protected callArgs(c: CallArgs): { args: string; kw: string } {
    let args = `[${c.args.map((a) => this.expr(a)).join(', ')}]`;
    if (c.starArgs) args = `${args.slice(0, -1)}${c.args.length ? ', ' : ''}...spread(${this.expr(c.starArgs)})]`;
    let kw = c.kwargs.length ? `{${c.kwargs.map(([k, v]) => `[${lit(k)}]: ${this.expr(v)}`).join(', ')}}` : 'null';
    if (c.starKwargs) kw = `mergeKw(${kw}, ${this.expr(c.starKwargs)})`;
    return { args, kw };
  }

  /** A call; `caller` is the JS of a {% call %} block's caller macro. */
  protected call(callee: Expr, c: CallArgs, pos: number, caller?: string): string {
    if (callee.k === 'name' && callee.name === 'super' && !this.resolveLocal('super')) {
      if (this.blockName === null) throw this.error('super() is only available inside a block', pos);
      return aw(`superBlock(B, ${lit(this.blockName)}, d, c)`);
    }
    const { args, kw } = this.callArgs(c);
    const extra = caller ? `, ${caller}` : '';
    if (callee.k === 'getattr') {
      if (isBlockedName(callee.name)) throw this.error(`access to '${callee.name}' is not allowed in templates`, callee.pos);
      return aw(`callm(${this.expr(callee.obj)}, ${lit(callee.name)}, ${args}, ${kw}, ${lit(this.describe(callee))}${extra})`);
    }
    this.lenient++;
    const fn = this.expr(callee);
    this.lenient--;
    return aw(`call(${fn}, ${args}, ${kw}, ${lit(this.describe(callee))}${extra})`);
  }

  private filterOperand(f: Filter): string {
    const lenient = f.name === 'default' || f.name === 'd';
    if (lenient) this.lenient++;
    const js = this.expr(f.expr!);
    if (lenient) this.lenient--;
    return js;
  }

  private placeArgs(kind: 'filter' | 'test', name: string, fn: { params?: readonly string[] }, c: { args: Expr[]; kwargs: Array<[string, Expr]>; pos: number }): string[] {
    const args = c.args.map((a) => this.expr(a));
    if (!c.kwargs.length) return args;
    if (!fn.params) {
      return [...args, `{${c.kwargs.map(([k, v]) => `[${lit(k)}]: ${this.expr(v)}`).join(', ')}}`];
    }
    for (const [key, value] of c.kwargs) {
      const index = fn.params.indexOf(key);
      if (index < 0) throw this.error(`${kind} '${name}' has no argument '${key}'${suggestion(key, fn.params)}`, c.pos);
      if (index < c.args.length) throw this.error(`${kind} '${name}' got argument '${key}' twice`, c.pos);
      while (args.length < index) args.push('undefined');
      args[index] = this.expr(value);
    }
    return args;
  }

  /** Applies filter `f` to the JS value `value`. */
  filter(f: Filter, value: string): string {
    const fn = this.env.filters[f.name];
    if (!fn) throw this.error(`unknown filter '${f.name}'${suggestion(f.name, Object.keys(this.env.filters))}`, f.pos);
    let id = this.filterIds.get(f.name);
    if (!id) this.filterIds.set(f.name, (id = `F${this.filterIds.size}`));
    const args = [value, ...this.placeArgs('filter', f.name, fn, f)];
    if (fn.passEnv) args.unshift(this.autoescape ? 'EV1' : 'EV0');
    const js = `${id}(${args.join(', ')})`;
    return fn.builtin ? js : aw(js);
  }

  private test(e: Extract<Expr, { k: 'test' }>): string {
    const neg = e.negated ? '!' : '';
    if (e.name === 'defined' || e.name === 'undefined' || e.name === 'none') {
      this.lenient++;
      const v = this.expr(e.expr);
      this.lenient--;
      const op = e.name === 'defined' ? (e.negated ? '===' : '!==') : e.negated ? '!==' : '===';
      return `(${v} ${op} ${e.name === 'none' ? 'null' : 'undefined'})`;
    }
    const fn = this.env.tests[e.name];
    if (!fn) throw this.error(`unknown test '${e.name}'${suggestion(e.name, Object.keys(this.env.tests))}`, e.pos);
    let id = this.testIds.get(e.name);
    if (!id) this.testIds.set(e.name, (id = `T${this.testIds.size}`));
    const args = [this.expr(e.expr), ...this.placeArgs('test', e.name, fn, e)];
    if (fn.passEnv) args.unshift(this.autoescape ? 'EV1' : 'EV0');
    return `${neg}bool(${id}(${args.join(', ')}))`;
  }

  /** Output of a constant, done at compile time. */
  protected constOutput(value: unknown): string {
    return lit(this.autoescape ? escapeHtml(value) : toStr(value));
  }
}
