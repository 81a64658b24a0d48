// Expression parsing, with Jinja2's precedence (loosest first): conditional
// expressions, or, and, not, comparisons, + -, ~, * / // %, **, unary - +, then
// primaries with attribute/item access and calls, then filters and tests.
import type { Lexer, Token } from './lexer';
import type { Call, CallArgs, Expr, Filter } from './nodes';

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
/** Tokens that may start a bare test argument: `is divisibleby 3`. */
const PRIMARY_START = new Set(['name', 'string', 'int', 'float']);

/**
 * How deep expressions and blocks may nest: far beyond what a template writes, well
 * inside what the parser, the compiler and V8 recurse through. Past it, the template
 * is refused with a TemplateSyntaxError at the spot instead of a RangeError.
 */
export const MAX_NESTING = 100;

export class ExpressionParser {
  protected i = 0;
  /** Open levels of parser recursion: parentheses, not, unary signs; blocks apart. */
  private nesting = { expression: 0, block: 0 };

  constructor(protected readonly tokens: Token[], protected readonly lexer: Lexer) {}

  protected get cur(): Token {
    return this.tokens[this.i];
  }

  protected peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)];
  }

  protected next(): Token {
    const t = this.tokens[this.i];
    if (t.type !== 'eof') this.i++;
    return t;
  }

  protected error(message: string, pos = this.cur.pos): Error {
    return this.lexer.error(message, pos);
  }

  protected describe(t: Token): string {
    switch (t.type) {
      case 'eof': return 'end of template';
      case 'block_end': return "'%}'";
      case 'var_end': return "'}}'";
      case 'data': return 'text';
      case 'string': return 'a string';
      default: return `'${t.value}'`;
    }
  }

  protected isOp(value: string, t = this.cur): boolean {
    return t.type === 'op' && t.value === value;
  }

  protected isName(value: string, t = this.cur): boolean {
    return t.type === 'name' && t.value === value;
  }

  protected skipOp(value: string): boolean {
    if (!this.isOp(value)) return false;
    this.i++;
    return true;
  }

  protected skipName(value: string): boolean {
    if (!this.isName(value)) return false;
    this.i++;
    return true;
  }

  protected expectOp(value: string): Token {
    if (!this.isOp(value)) throw this.error(`expected '${value}', got ${this.describe(this.cur)}`);
    return this.next();
  }

  protected expectName(what = 'a name'): Token {
    if (this.cur.type !== 'name') throw this.error(`expected ${what}, got ${this.describe(this.cur)}`);
    return this.next();
  }

  parseExpression(withCondexpr = true): Expr {
    this.enter(this.cur.pos);
    const expr = withCondexpr ? this.parseCondexpr() : this.parseOr();
    if (--this.nesting.expression === 0) this.checkDepth(expr);
    return expr;
  }

  /** Opens one level of nesting at pos (close it with `this.leave()`); `tag` for a block. */
  protected enter(pos: number, tag?: string): void {
    const kind = tag ? 'block' : 'expression';
    if (++this.nesting[kind] <= MAX_NESTING) return;
    throw this.error(
      tag
        ? `'{% ${tag} %}' blocks nested too deeply (more than ${MAX_NESTING} levels): move the inner part into a macro or an include`
        : `expression nested too deeply (more than ${MAX_NESTING} levels): split it up with {% set %} or a macro`,
      pos,
    );
  }

  protected leave(tag?: string): void {
    this.nesting[tag ? 'block' : 'expression']--;
  }

  /**
   * Chains (`a + b + ...`, `x|f|g...`, `a.b.c...`) parse in a loop but compile by
   * recursion as deep as they are long: measure the finished tree, with a stack.
   */
  private checkDepth(root: Expr): void {
    const pending: Array<[unknown, number]> = [[root, 1]];
    while (pending.length) {
      const [value, depth] = pending.pop()!;
      if (value === null || typeof value !== 'object') continue;
      const isNode = !Array.isArray(value) && 'k' in value;
      if (isNode && depth > MAX_NESTING) throw this.error(`expression nested too deeply (more than ${MAX_NESTING} levels): split it up with {% set %} or a macro`, (value as Expr).pos);
      for (const child of Object.values(value)) if (child !== null && typeof child === 'object') pending.push([child, isNode ? depth + 1 : depth]);
    }
  }

  private parseCondexpr(): Expr {
    let expr = this.parseOr();
    while (this.isName('if')) {
      const pos = this.next().pos;
      const test = this.parseOr();
      const alt = this.skipName('else') ? this.parseCondexpr() : null;
      expr = { k: 'cond', pos, test, then: expr, else: alt };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const pos = this.next().pos;
      left = { k: 'bin', pos, op: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const pos = this.next().pos;
      left = { k: 'bin', pos, op: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const pos = this.next().pos;
      this.enter(pos);
      const expr = this.parseNot();
      this.leave();
      return { k: 'unary', pos, op: 'not', expr };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const pos = this.cur.pos;
    const expr = this.parseMath1();
    const ops: Array<{ op: string; expr: Expr }> = [];
    for (;;) {
      const t = this.cur;
      if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
        this.next();
        ops.push({ op: t.value, expr: this.parseMath1() });
      } else if (this.isName('in')) {
        this.next();
        ops.push({ op: 'in', expr: this.parseMath1() });
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        this.i += 2;
        ops.push({ op: 'notin', expr: this.parseMath1() });
      } else break;
    }
    return ops.length ? { k: 'compare', pos, expr, ops } : expr;
  }

  private parseBinary(ops: string[], inner: () => Expr): Expr {
    let left = inner();
    while (this.cur.type === 'op' && ops.includes(this.cur.value)) {
      const t = this.next();
      left = { k: 'bin', pos: t.pos, op: t.value, left, right: inner() };
    }
    return left;
  }

  private parseMath1(): Expr {
    return this.parseBinary(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    return this.parseBinary(['~'], () => this.parseMath2());
  }

  private parseMath2(): Expr {
    return this.parseBinary(['*', '/', '//', '%'], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.parseBinary(['**'], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    let node: Expr;
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      this.enter(t.pos);
      node = { k: 'unary', pos: t.pos, op: t.value as '-' | '+', expr: this.parseUnary(false) };
      this.leave();
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    switch (t.type) {
      case 'name': {
        this.next();
        switch (t.value) {
          case 'true': case 'True': return { k: 'const', pos: t.pos, value: true };
          case 'false': case 'False': return { k: 'const', pos: t.pos, value: false };
          case 'none': case 'None': return { k: 'const', pos: t.pos, value: null };
        }
        return { k: 'name', pos: t.pos, name: t.value };
      }
      case 'string': {
        let value = this.next().value;
        while (this.cur.type === 'string') value += this.next().value;
        return { k: 'const', pos: t.pos, value };
      }
      case 'int':
      case 'float':
        this.next();
        return { k: 'const', pos: t.pos, value: Number(t.value) };
      case 'op':
        if (t.value === '(') {
          this.next();
          const expr = this.parseTuple(true);
          this.expectOp(')');
          return expr;
        }
        if (t.value === '[') return this.parseList();
        if (t.value === '{') return this.parseDict();
    }
    throw this.error(`unexpected ${this.describe(t)} in expression`);
  }

  /** Comma-separated expressions; a tuple unless there is exactly one without a comma. */
  parseTuple(explicitParens = false, withCondexpr = true): Expr {
    const pos = this.cur.pos;
    const items: Expr[] = [];
    let comma = false;
    for (;;) {
      if (items.length && !this.skipOp(',')) break;
      if (items.length) comma = true;
      if (this.tupleEnds()) break;
      items.push(this.parseExpression(withCondexpr));
    }
    if (!comma && items.length === 1) return items[0];
    if (!items.length && !explicitParens) throw this.error(`expected an expression, got ${this.describe(this.cur)}`);
    return { k: 'tuple', pos, items };
  }

  private parsePrimaryWithPostfix(): Expr {
    return this.parsePostfix(this.parsePrimary());
  }

  private tupleEnds(): boolean {
    const t = this.cur;
    if (t.type === 'var_end' || t.type === 'block_end' || t.type === 'eof') return true;
    if (t.type === 'op' && (t.value === ')' || t.value === ']' || t.value === '}' || t.value === '=')) return true;
    return t.type === 'name' && t.value === 'in';
  }

  private parseList(): Expr {
    const pos = this.expectOp('[').pos;
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length) this.expectOp(',');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.expectOp(']');
    return { k: 'list', pos, items };
  }

  private parseDict(): Expr {
    const pos = this.expectOp('{').pos;
    const pairs: Array<[Expr, Expr]> = [];
    while (!this.isOp('}')) {
      if (pairs.length) this.expectOp(',');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expectOp(':');
      pairs.push([key, this.parseExpression()]);
    }
    this.expectOp('}');
    return { k: 'dict', pos, pairs };
  }

  protected parsePostfix(node: Expr): Expr {
    for (;;) {
      const t = this.cur;
      if (this.isOp('.')) {
        this.next();
        const attr = this.next();
        if (attr.type === 'name') node = { k: 'getattr', pos: t.pos, obj: node, name: attr.value };
        else if (attr.type === 'int') node = { k: 'getitem', pos: t.pos, obj: node, key: { k: 'const', pos: attr.pos, value: Number(attr.value) } };
        else throw this.error(`expected an attribute name after '.', got ${this.describe(attr)}`, attr.pos);
      } else if (this.isOp('[')) {
        this.next();
        node = this.parseSubscript(node, t.pos);
        this.expectOp(']');
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseSubscript(obj: Expr, pos: number): Expr {
    const parts: Array<Expr | null> = [null];
    let isSlice = false;
    for (;;) {
      if (this.isOp(':')) {
        this.next();
        isSlice = true;
        parts.push(null);
      } else if (this.isOp(']')) break;
      else if (parts[parts.length - 1] === null) parts[parts.length - 1] = this.parseExpression();
      else throw this.error(`expected ']' or ':', got ${this.describe(this.cur)}`);
    }
    if (!isSlice) {
      if (parts[0] === null) throw this.error('expected a subscript expression');
      return { k: 'getitem', pos, obj, key: parts[0] };
    }
    if (parts.length > 3) throw this.error('a slice takes at most three parts');
    return { k: 'slice', pos, obj, start: parts[0], stop: parts[1] ?? null, step: parts[2] ?? null };
  }

  protected parseCallArgs(): CallArgs {
    this.expectOp('(');
    const out: CallArgs = { args: [], kwargs: [], starArgs: null, starKwargs: null };
    let first = true;
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',');
      first = false;
      if (this.isOp(')')) break;
      if (this.isOp('*')) {
        this.next();
        out.starArgs = this.parseExpression();
      } else if (this.isOp('**')) {
        this.next();
        out.starKwargs = this.parseExpression();
      } else if (this.cur.type === 'name' && this.isOp('=', this.peek())) {
        const key = this.next().value;
        this.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        if (out.kwargs.length) throw this.error('positional argument after keyword argument');
        out.args.push(this.parseExpression());
      }
    }
    this.expectOp(')');
    return out;
  }

  private parseCall(callee: Expr): Call {
    const pos = this.cur.pos;
    return { k: 'call', pos, callee, ...this.parseCallArgs() };
  }

  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) node = this.parseFilter(node);
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  /** One `|name(args)`; `node` is null for filter blocks. */
  protected parseFilter(node: Expr | null, startInline = true): Filter {
    if (startInline) this.expectOp('|');
    const t = this.expectName('a filter name');
    let name = t.value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().value;
    }
    const call = this.isOp('(') ? this.parseCallArgs() : null;
    if (call && (call.starArgs || call.starKwargs)) throw this.error('*args and **kwargs are not supported in filter calls', t.pos);
    return { k: 'filter', pos: t.pos, name, expr: node, args: call?.args ?? [], kwargs: call?.kwargs ?? [] };
  }

  private parseTest(node: Expr): Expr {
    this.next();
    const negated = this.skipName('not');
    const t = this.expectName('a test name');
    let args: Expr[] = [];
    let kwargs: Array<[string, Expr]> = [];
    if (this.isOp('(')) {
      const call = this.parseCallArgs();
      args = call.args;
      kwargs = call.kwargs;
    } else if ((PRIMARY_START.has(this.cur.type) || this.isOp('[') || this.isOp('{')) && !['else', 'or', 'and', 'if'].includes(this.cur.value)) {
      if (this.isName('is')) throw this.error("you cannot chain multiple tests with 'is'");
      args = [this.parsePrimaryWithPostfix()];
    }
    return { k: 'test', pos: t.pos, name: t.value, expr: node, args, kwargs, negated };
  }
}
