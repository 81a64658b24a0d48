// Statements to the JS source of one template module. Output is straight-line
// string concatenation into a local; each template function has a single
// try/catch that stamps errors with the template name and the current line `ln`
// (and `O`, the template's origin: file and source, for the DEBUG page).
// Template functions are generators, run by drive() (drive.ts): synchronous until
// a value turns out to be a thenable.
import { aw, ExpressionCompiler } from './compile-expression';
import { TemplateError } from './errors';
import type { FilterEnvironment } from './filters/types';
import type { Lexer } from './lexer';
import type { Expr, Filter, MacroParam, Stmt, Target } from './nodes';
import { assignedNames, collectBlocks, mentions, targetNames } from './walk';

const lit = (v: unknown): string => JSON.stringify(v);

const RUNTIME_NAMES = [
  'esc', 'str', 'gi', 'gas', 'gis', 'miss', 'call', 'callm', 'mergeKw', 'spread', 'add', 'mul', 'div', 'fdiv',
  'mod', 'cat', 'eq', 'contains', 'slice', 'toList', 'bool', 'unpack', 'nsset', 'markup', 'macro', 'located',
  'drive', 'LoopContext', 'derive', 'newBlockRegistry', 'addBlocks', 'renderBlock', 'superBlock', 'selfRef', 'requiredBlock', 'extend', 'include',
  'importTemplate', 'importName', 'macroArgError', 'fragmentKey', 'fragmentGet', 'fragmentSet',
];

class Scope {
  readonly vars = new Map<string, string>();
  constructor(readonly parent: Scope | null, readonly isRoot = false) {}
}

interface FnState {
  out: string;
  lastLine: number;
}

export interface CompileOptions {
  name: string;
  autoescape: boolean;
  strict: boolean;
}

export class Compiler extends ExpressionCompiler {
  private lines: string[] = [];
  private pending: string[] = [];
  private scope = new Scope(null, true);
  private fn: FnState = { out: 'out', lastLine: -1 };
  private counter = 0;
  private readonly blockFns: string[] = [];
  private readonly blockIds = new Map<string, string>();
  private extendsMode = false;

  constructor(env: FilterEnvironment, lexer: Lexer, private readonly options: CompileOptions) {
    super(env, lexer, options.strict, options.autoescape);
  }

  protected resolveLocal(name: string): string | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private id(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  private lineOf(pos: number): number {
    return this.lexer.location(pos).line;
  }

  private emit(code: string): void {
    this.flush();
    this.lines.push(code);
  }

  private flush(): void {
    if (this.pending.length) {
      this.lines.push(`${this.fn.out} += ${this.pending.join(' + ')};`);
      this.pending = [];
    }
  }

  private output(js: string): void {
    const last = this.pending[this.pending.length - 1];
    if (js.startsWith('"') && last?.startsWith('"')) {
      this.pending[this.pending.length - 1] = lit(JSON.parse(last) + JSON.parse(js));
    } else this.pending.push(js);
  }

  /** `(ln = N, js)` when the line changed, so runtime errors know where they are. */
  private at(pos: number, js: string): string {
    const line = this.lineOf(pos);
    if (line === this.fn.lastLine) return js;
    this.fn.lastLine = line;
    return `(ln = ${line}, ${js})`;
  }

  private mark(pos: number): void {
    const line = this.lineOf(pos);
    if (line !== this.fn.lastLine) {
      this.emit(`ln = ${line};`);
      this.fn.lastLine = line;
    }
  }

  compile(body: Stmt[]): string {
    const extendsStmts = body.filter((s) => s.k === 'extends');
    if (extendsStmts.length > 1) throw this.error('a template can extend only one parent', extendsStmts[1].pos);
    const nested = collectNestedExtends(body);
    if (nested) throw this.error('{% extends %} must be at the top level of the template, not inside another tag', nested.pos);
    this.extendsMode = extendsStmts.length === 1;

    for (const block of collectBlocks(body)) this.blockIds.set(block.name, this.id('b_'));
    const rootBody = this.functionBody(body, this.scope, this.extendsMode ? '_' : 'out', (b) => {
      this.statements(b);
      if (this.extendsMode) this.emit(`if (P !== undefined) return ${aw('extend(E, P, c, B, NAME)')};`);
    });
    for (const block of collectBlocks(body)) this.compileBlock(block);
    const blocksObj = [...this.blockIds].map(([name, id]) => `[${lit(name)}]: ${id}`).join(', ');
    // A render that starts here (not from a child's extends) gets its own block registry,
    // made only when something reads it: includes of plain templates are the common case.
    const usesRegistry = this.extendsMode || this.blockIds.size > 0 || mentions(body, 'self');
    return [
      '"use strict";',
      `const { ${RUNTIME_NAMES.join(', ')} } = rt;`,
      `const NAME = ${lit(this.options.name)};`,
      'const EV1 = { env: E, autoescape: true }, EV0 = { env: E, autoescape: false };',
      ...this.prologue(),
      `function* root(c, B${usesRegistry ? ' = newBlockRegistry()' : ''}) {`,
      ...(this.blockIds.size ? ['  addBlocks(B, BLOCKS);'] : []),
      `  let out = "", _ = "", t, u, ln = 1${this.extendsMode ? ', P' : ''};`,
      ...rootBody,
      '  return out;',
      '}',
      ...this.blockFns,
      `const BLOCKS = {${blocksObj}};`,
      'return { root, blocks: BLOCKS };',
    ].join('\n');
  }

  /** Compiles `body` as the inside of a JS function: scope declarations, try/catch. */
  private functionBody(body: Stmt[], scope: Scope, out: string, inner: (body: Stmt[]) => void): string[] {
    const saved = { lines: this.lines, pending: this.pending, scope: this.scope, fn: this.fn };
    this.lines = [];
    this.pending = [];
    this.scope = scope;
    this.fn = { out, lastLine: -1 };
    this.lines.push('try {');
    this.declare(body);
    inner(body);
    this.flush();
    this.lines.push('} catch (e) { throw located(e, NAME, ln, O); }');
    const result = this.lines;
    Object.assign(this, saved);
    return result;
  }

  /** Declares the names a scope assigns, starting from their value outside it (Jinja's scoping). */
  private declare(body: Stmt[], extra: Iterable<string> = []): void {
    const names = new Set([...assignedNames(body), ...extra]);
    for (const name of names) {
      if (this.scope.vars.has(name)) continue;
      const outer = this.lenientName(name);
      const v = this.id(`v_${name}_`);
      this.scope.vars.set(name, v);
      this.emit(`let ${v} = ${outer};`);
    }
  }

  private lenientName(name: string): string {
    this.lenient++;
    const js = this.name(name, 0);
    this.lenient--;
    return js;
  }

  private compileBlock(block: Extract<Stmt, { k: 'block' }>): void {
    const id = this.blockIds.get(block.name)!;
    const savedBlock = this.blockName;
    this.blockName = block.name;
    const body = block.required
      ? ['try {', `ln = ${this.lineOf(block.pos)}; requiredBlock(${lit(block.name)});`, '} catch (e) { throw located(e, NAME, ln, O); }']
      : this.functionBody(block.body, new Scope(null), 'out', (b) => this.statements(b));
    this.blockName = savedBlock;
    this.blockFns.push(`function* ${id}(c, B, d) {`, `  let out = "", t, u, ln = ${this.lineOf(block.pos)};`, ...body, '  return out;', '}');
  }

  private statements(body: Stmt[]): void {
    for (const s of body) this.statement(s);
  }

  private statement(s: Stmt): void {
    switch (s.k) {
      case 'data':
        this.output(lit(s.text));
        return;
      case 'print':
        if (s.expr.k === 'const') this.output(this.constOutput(s.expr.value));
        else this.output(this.at(s.pos, `${this.autoescape ? 'esc' : 'str'}(${this.expr(s.expr)})`));
        return;
      case 'if': return this.ifStmt(s);
      case 'for': return this.forStmt(s);
      case 'set':
        this.mark(s.pos);
        this.assign(s.target, this.expr(s.expr));
        return;
      case 'blockset': {
        const captured = this.capture(s.body);
        this.mark(s.pos);
        this.assign(s.target, this.applyFilters(s.filters, captured));
        return;
      }
      case 'with': return this.withStmt(s);
      case 'block':
        if (this.fn.out === '_') return; // a child template's blocks render through its parent
        this.output(aw(`renderBlock(B, ${lit(s.name)}, ${s.scoped ? this.derived() : 'c'})`));
        return;
      case 'extends':
        this.mark(s.pos);
        this.emit(`P = ${this.expr(s.expr)};`);
        return;
      case 'include':
        this.output(this.at(s.pos, aw(`include(E, ${this.expr(s.expr)}, c, ${s.ignoreMissing}, ${s.withContext}, ${s.withContext ? this.localsObject() : 'null'}, NAME)`)));
        return;
      case 'import':
        this.mark(s.pos);
        this.assign({ k: 'name', pos: s.pos, name: s.alias }, aw(`importTemplate(E, ${this.expr(s.expr)}, c, ${s.withContext}, NAME)`));
        return;
      case 'fromimport': {
        this.mark(s.pos);
        const m = this.id('m');
        const target = this.id('n');
        this.emit(`const ${target} = ${this.expr(s.expr)}, ${m} = ${aw(`importTemplate(E, ${target}, c, ${s.withContext}, NAME)`)};`);
        for (const [name, alias] of s.names) this.assign({ k: 'name', pos: s.pos, name: alias }, `importName(${m}, ${lit(name)}, ${target})`);
        return;
      }
      case 'macro':
        this.mark(s.pos);
        this.assign({ k: 'name', pos: s.pos, name: s.name }, this.macroFunction(s.name, s.params, s.body));
        return;
      case 'callblock': {
        const caller = this.macroFunction('caller', s.params, s.body);
        this.output(this.at(s.pos, `${this.autoescape ? 'esc' : 'str'}(${this.call(s.call.callee, s.call, s.call.pos, caller)})`));
        return;
      }
      case 'filterblock': {
        const captured = this.capture(s.body);
        this.output(this.at(s.pos, `${this.autoescape ? 'esc' : 'str'}(${this.applyFilters(s.filters, captured)})`));
        return;
      }
      case 'cache': {
        this.mark(s.pos);
        const [key, html, timeout, using] = [this.id('k'), this.id('h'), this.id('t'), this.id('u')];
        this.emit(`const ${timeout} = ${this.expr(s.timeout)}, ${using} = ${s.using ? this.expr(s.using) : 'null'}, ${key} = fragmentKey(${lit(s.name)}, [${s.vary.map((v) => this.expr(v)).join(', ')}]);`);
        this.emit(`let ${html} = ${aw(`fragmentGet(${key}, ${using})`)};`);
        this.emit(`if (${html} === undefined) {`);
        const captured = this.capture(s.body);
        this.emit(`${html} = String(${captured});`);
        this.emit(`${aw(`fragmentSet(${key}, ${html}, ${timeout}, ${using})`)};`);
        this.emit('}');
        // The stored text is what the body rendered, escaped already: it goes out as is.
        this.output(this.autoescape ? `esc(markup(${html}))` : html);
        return;
      }
      case 'autoescape': {
        const saved = this.autoescape;
        this.autoescape = s.value;
        this.statements(s.body);
        this.autoescape = saved;
        return;
      }
      case 'do':
        this.mark(s.pos);
        this.emit(`${this.expr(s.expr)};`);
        return;
      case 'break':
      case 'continue':
        this.emit(`${s.k};`);
        return;
    }
  }

  /** Renders `body` into a fresh local and returns the JS of the result (Markup under autoescape). */
  private capture(body: Stmt[]): string {
    const o = this.id('o');
    this.emit(`let ${o} = "";`);
    const saved = this.fn.out;
    this.fn.out = o;
    this.statements(body);
    this.flush();
    this.fn.out = saved;
    this.fn.lastLine = -1;
    return this.autoescape ? `markup(${o})` : o;
  }

  private applyFilters(filters: Filter[], value: string): string {
    for (const f of filters) value = this.filter(f, value);
    return value;
  }

  private assign(target: Target, value: string): void {
    if (target.k === 'nsattr') {
      this.emit(`nsset(${this.lenientName(target.name)}, ${lit(target.attr)}, ${value});`);
      return;
    }
    const names = targetNames(target);
    if (target.k === 'name') {
      this.emit(`${this.local(target.name)} = ${value};`);
    } else {
      const u = this.id('u');
      this.emit(`const ${u} = unpack(${value}, ${names.length});`);
      names.forEach((n, i) => this.emit(`${this.local(n)} = ${u}[${i}];`));
    }
    // Top-level assignments are exported: blocks, includes and imports see them.
    if (this.scope.isRoot) for (const n of names) this.emit(`c[${lit(n)}] = ${this.local(n)};`);
  }

  private local(name: string): string {
    const v = this.scope.vars.get(name);
    if (v === undefined) throw new TemplateError('HYPER_TEMPLATE_INTERNAL', `internal error: the compiler used '${name}' before declaring it (a bug of the template compiler, not of the template).`);
    return v;
  }

  private ifStmt(s: Extract<Stmt, { k: 'if' }>): void {
    this.flush();
    s.branches.forEach((branch, i) => {
      const test = this.at(branch.test.pos, this.bool(branch.test));
      this.lines.push(`${i ? '} else ' : ''}if (${test}) {`);
      const line = this.fn.lastLine;
      this.statements(branch.body);
      this.flush();
      this.fn.lastLine = line;
    });
    if (s.else.length) {
      this.lines.push('} else {');
      this.statements(s.else);
      this.flush();
    }
    this.lines.push('}');
    this.fn.lastLine = -1;
  }

  private forStmt(s: Extract<Stmt, { k: 'for' }>): void {
    this.mark(s.pos);
    if (!s.recursive) return this.loop(s, this.expr(s.iter), null);
    // A recursive loop is a local function of the items and the depth; `loop(children)`
    // calls it again (through LoopContext.recurse) and its output is markup.
    const render = this.id('R');
    const items = this.id('I');
    const depth = this.id('D');
    this.flush(); // before saving: output pending now must not be restored and written again
    const saved = { lines: this.lines, pending: this.pending, fn: this.fn };
    this.lines = [];
    this.pending = [];
    this.fn = { out: this.id('o'), lastLine: -1 };
    this.loop(s, items, { render, depth });
    this.flush();
    const inner = this.lines;
    const out = this.fn.out;
    Object.assign(this, saved);
    this.lines.push(`const ${render} = (${items}, ${depth}) => drive(${render}g(${items}, ${depth}));`);
    this.lines.push(`function* ${render}g(${items}, ${depth}) {`, `let ${out} = "", t, u;`, ...inner, `return ${this.autoescape ? `markup(${out})` : out};`, '}');
    this.output(aw(`${render}(${this.expr(s.iter)}, 0)`));
    this.fn.lastLine = -1;
  }

  private loop(s: Extract<Stmt, { k: 'for' }>, iterable: string, recursion: { render: string; depth: string } | null): void {
    const list = this.id('L');
    const n = this.id('n');
    const i = this.id('i');
    this.emit(`let ${list} = (t = toList(${iterable}), Array.isArray(t) ? t : yield t);`);
    const names = targetNames(s.target);
    const bindItem = (item: string) => {
      if (s.target.k === 'name') {
        this.lines.push(`let ${this.scope.vars.get(names[0])} = ${item};`);
      } else {
        const u = this.id('u');
        this.lines.push(`const ${u} = unpack(${item}, ${names.length});`);
        names.forEach((name, k) => this.lines.push(`let ${this.scope.vars.get(name)} = ${u}[${k}];`));
      }
    };
    const outer = this.scope;
    const enterScope = () => {
      this.scope = new Scope(outer);
      for (const name of names) this.scope.vars.set(name, this.id(`v_${name}_`));
    };
    if (s.filter) {
      const kept = this.id('K');
      const x = this.id('x');
      this.lines.push(`const ${kept} = [];`, `for (const ${x} of ${list}) {`);
      enterScope();
      bindItem(x);
      this.lines.push(`if (${this.bool(s.filter)}) ${kept}.push(${x});`, '}');
      this.scope = outer;
      this.lines.push(`${list} = ${kept};`);
    }
    const usesLoop = mentions(s.body, 'loop');
    const loop = usesLoop ? this.id('loop') : '';
    this.lines.push(`const ${n} = ${list}.length;`);
    if (usesLoop) this.lines.push(`const ${loop} = new LoopContext(${list}${recursion ? `, ${recursion.depth}, ${recursion.render}` : ''});`);
    this.lines.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
    enterScope();
    if (usesLoop) {
      this.scope.vars.set('loop', loop);
      this.lines.push(`${loop}.index0 = ${i};`);
    }
    bindItem(`${list}[${i}]`);
    this.fn.lastLine = -1;
    this.declare(s.body);
    this.statements(s.body);
    this.flush();
    this.lines.push('}');
    this.scope = outer;
    if (s.else.length) {
      this.lines.push(`if (${n} === 0) {`);
      this.fn.lastLine = -1;
      this.statements(s.else);
      this.flush();
      this.lines.push('}');
    }
    this.fn.lastLine = -1;
  }

  private withStmt(s: Extract<Stmt, { k: 'with' }>): void {
    this.mark(s.pos);
    const values = s.assigns.map((a) => {
      const tmp = this.id('w');
      this.emit(`const ${tmp} = ${this.expr(a.expr)};`);
      return tmp;
    });
    this.lines.push('{');
    const outer = this.scope;
    this.scope = new Scope(outer);
    s.assigns.forEach((a, k) => {
      const names = targetNames(a.target);
      const v = this.id(`v_${names[0]}_`);
      this.scope.vars.set(names[0], v);
      this.lines.push(`let ${v} = ${values[k]};`);
    });
    this.declare(s.body);
    this.statements(s.body);
    this.flush();
    this.lines.push('}');
    this.scope = outer;
    this.fn.lastLine = -1;
  }

  /** Every template variable visible here, as a JS object literal (for includes and scoped blocks). */
  private localsObject(): string {
    const seen = new Map<string, string>();
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      for (const [name, v] of s.vars) if (!seen.has(name)) seen.set(name, v);
    }
    if (!seen.size) return 'null';
    return `{${[...seen].map(([name, v]) => `[${lit(name)}]: ${v}`).join(', ')}}`;
  }

  private derived(): string {
    const locals = this.localsObject();
    return locals === 'null' ? 'c' : `derive(c, ${locals})`;
  }

  /** A macro (or a {% call %} block's caller) as an expression: `macro(name, function* ...)`. */
  private macroFunction(name: string, params: MacroParam[], body: Stmt[]): string {
    const scope = new Scope(this.scope);
    const args = this.id('A');
    const kw = this.id('K');
    const caller = this.id('caller');
    const savedLines = this.lines;
    const savedPending = this.pending;
    const savedFn = this.fn;
    const savedScope = this.scope;
    const savedBlock = this.blockName;
    this.lines = [];
    this.pending = [];
    this.fn = { out: 'out', lastLine: -1 };
    this.scope = scope;
    const paramNames = params.map((p) => p.name);
    const usesVarargs = mentions(body, 'varargs');
    const usesKwargs = mentions(body, 'kwargs');
    this.lines.push('try {');
    if (!usesVarargs) this.lines.push(`if (${args}.length > ${params.length}) throw macroArgError(${lit(`macro '${name}' takes ${params.length} positional argument(s)`)} + ", got " + ${args}.length);`);
    if (!usesKwargs) this.lines.push(`if (${kw} !== null) for (const k in ${kw}) if (!${lit(paramNames)}.includes(k)) throw macroArgError(${lit(`macro '${name}' has no argument `)} + JSON.stringify(k));`);
    params.forEach((p, k) => {
      const v = this.id(`v_${p.name}_`);
      const def = p.default ? this.expr(p.default) : 'undefined';
      this.lines.push(`let ${v} = ${args}.length > ${k} ? ${args}[${k}] : ${kw} !== null && ${kw}[${lit(p.name)}] !== undefined ? ${kw}[${lit(p.name)}] : ${def};`);
      scope.vars.set(p.name, v);
    });
    if (usesVarargs) {
      const v = this.id('v_varargs_');
      this.lines.push(`const ${v} = ${args}.slice(${params.length});`);
      scope.vars.set('varargs', v);
    }
    if (usesKwargs) {
      const v = this.id('v_kwargs_');
      this.lines.push(`const ${v} = {}; if (${kw} !== null) for (const k in ${kw}) if (!${lit(paramNames)}.includes(k)) ${v}[k] = ${kw}[k];`);
      scope.vars.set('kwargs', v);
    }
    scope.vars.set('caller', caller);
    this.declare(body);
    this.statements(body);
    this.flush();
    this.lines.push('} catch (e) { throw located(e, NAME, ln, O); }');
    const inner = this.lines;
    Object.assign(this, { lines: savedLines, pending: savedPending, fn: savedFn, scope: savedScope, blockName: savedBlock });
    const result = this.autoescape ? 'markup(out)' : 'out';
    return [
      `macro(${lit(name)}, function* (${args}, ${kw}, ${caller}) {`,
      `let out = "", t, u, ln = ${this.lineOf(body[0]?.pos ?? 0)};`,
      ...inner,
      `return ${result};`,
      '})',
    ].join('\n');
  }
}

function collectNestedExtends(body: Stmt[], depth = 0): Stmt | null {
  for (const s of body) {
    if (s.k === 'extends' && depth > 0) return s;
    const children: Stmt[][] = [];
    if (s.k === 'if') children.push(...s.branches.map((b) => b.body), s.else);
    else if ('body' in s && Array.isArray(s.body)) children.push(s.body);
    if (s.k === 'for') children.push(s.else);
    for (const c of children) {
      const found = collectNestedExtends(c, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export type { Expr };
