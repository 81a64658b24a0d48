// Statement parsing: turns the token stream into a tree of Stmt nodes. Each tag
// has one small method; end tags are matched here so that an unclosed tag is
// reported at the line where it was opened.
import { suggestion } from './errors';
import { Lexer, type LexerOptions } from './lexer';
import type { Expr, Filter, MacroParam, Stmt, Target } from './nodes';
import { ExpressionParser } from './parse-expression';

const TAGS = ['if', 'for', 'set', 'with', 'block', 'extends', 'include', 'import', 'from', 'macro', 'call', 'filter', 'autoescape', 'raw', 'do', 'break', 'continue', 'cache'];
const END_TAGS = ['elif', 'else', 'endif', 'endfor', 'endset', 'endwith', 'endblock', 'endmacro', 'endcall', 'endfilter', 'endautoescape', 'endraw', 'endcache'];
const RESERVED = new Set(['true', 'false', 'none', 'True', 'False', 'None', 'and', 'or', 'not', 'in', 'is', 'if', 'else', 'loop', 'self', 'super', 'caller', 'varargs', 'kwargs']);

export class Parser extends ExpressionParser {
  /** How deep in for loops we are, for break/continue. */
  private loopDepth = 0;
  private readonly blockNames = new Set<string>();

  constructor(lexer: Lexer) {
    super(lexer.tokenize(), lexer);
  }

  static parse(source: string, name: string, options?: LexerOptions): Stmt[] {
    return new Parser(new Lexer(source, name, options)).parseTemplate();
  }

  parseTemplate(): Stmt[] {
    const { body, end } = this.subparse([]);
    if (end) throw this.error(`unexpected '${end.value}'`, end.pos);
    return body;
  }

  /**
   * Statements up to one of `ends` (returned, positioned after its name) or the end
   * of the template. `opener` names the tag being closed, for the error message.
   */
  private subparse(ends: string[], opener?: { tag: string; pos: number }): { body: Stmt[]; end: { value: string; pos: number } | null } {
    if (opener) this.enter(opener.pos, opener.tag);
    const result = this.subparseBody(ends, opener);
    if (opener) this.leave(opener.tag);
    return result;
  }

  private subparseBody(ends: string[], opener?: { tag: string; pos: number }): { body: Stmt[]; end: { value: string; pos: number } | null } {
    const body: Stmt[] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === 'data') {
        body.push({ k: 'data', pos: t.pos, text: this.next().value });
      } else if (t.type === 'var_begin') {
        this.next();
        const expr = this.parseTuple();
        this.expectEnd('var_end');
        body.push({ k: 'print', pos: expr.pos, expr });
      } else if (t.type === 'block_begin') {
        const tag = this.peek();
        if (tag.type === 'name' && (ends.includes(tag.value) || (!TAGS.includes(tag.value) && END_TAGS.includes(tag.value)))) {
          if (!ends.includes(tag.value)) {
            const hint = opener ? ` (the '${opener.tag}' tag is still open, expected ${ends.map((e) => `'${e}'`).join(' or ')})` : '';
            throw this.error(`unexpected '${tag.value}'${hint}`, tag.pos);
          }
          this.i += 2;
          return { body, end: { value: tag.value, pos: tag.pos } };
        }
        this.next();
        body.push(this.parseStatement());
      } else if (t.type === 'eof') {
        if (opener) {
          const { line } = this.lexer.location(opener.pos);
          throw this.error(`unexpected end of template: the '${opener.tag}' tag on line ${line} was never closed (expected ${ends.map((e) => `'${e}'`).join(' or ')})`, opener.pos);
        }
        return { body, end: null };
      } else {
        throw this.error(`unexpected ${this.describe(t)}`);
      }
    }
  }

  private expectEnd(type: 'var_end' | 'block_end' = 'block_end'): void {
    if (this.cur.type !== type) {
      throw this.error(`expected ${type === 'var_end' ? "'}}'" : "'%}'"}, got ${this.describe(this.cur)}`);
    }
    this.next();
  }

  /** Parses up to one of `ends` and consumes that end tag's '%}'. */
  private body(ends: string[], tag: string, pos: number): { body: Stmt[]; end: string } {
    const { body, end } = this.subparse(ends, { tag, pos });
    return { body, end: end!.value };
  }

  private parseStatement(): Stmt {
    const t = this.cur;
    if (t.type !== 'name') throw this.error(`expected a tag name, got ${this.describe(t)}`);
    this.next();
    switch (t.value) {
      case 'if': return this.parseIf(t.pos);
      case 'for': return this.parseFor(t.pos);
      case 'set': return this.parseSet(t.pos);
      case 'with': return this.parseWith(t.pos);
      case 'block': return this.parseBlock(t.pos);
      case 'extends': return this.withEnd({ k: 'extends', pos: t.pos, expr: this.parseExpression() });
      case 'include': return this.parseInclude(t.pos);
      case 'import': return this.parseImport(t.pos);
      case 'from': return this.parseFrom(t.pos);
      case 'macro': return this.parseMacro(t.pos);
      case 'call': return this.parseCallBlock(t.pos);
      case 'filter': return this.parseFilterBlock(t.pos);
      case 'autoescape': return this.parseAutoescape(t.pos);
      case 'cache': return this.parseCache(t.pos);
      case 'do': return this.withEnd({ k: 'do', pos: t.pos, expr: this.parseTuple() });
      case 'break':
      case 'continue':
        if (!this.loopDepth) throw this.error(`'${t.value}' outside of a for loop`, t.pos);
        return this.withEnd({ k: t.value, pos: t.pos });
    }
    throw this.error(`unknown tag '${t.value}'${suggestion(t.value, TAGS)}`, t.pos);
  }

  private withEnd<T extends Stmt>(stmt: T): T {
    this.expectEnd();
    return stmt;
  }

  private parseIf(pos: number): Stmt {
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let test = this.parseTuple();
    for (;;) {
      this.expectEnd();
      const { body, end } = this.body(['elif', 'else', 'endif'], 'if', pos);
      branches.push({ test, body });
      if (end === 'elif') {
        test = this.parseTuple();
        continue;
      }
      let elseBody: Stmt[] = [];
      if (end === 'else') {
        this.expectEnd();
        elseBody = this.body(['endif'], 'if', pos).body;
      }
      this.expectEnd();
      return { k: 'if', pos, branches, else: elseBody };
    }
  }

  private parseTarget(allowTuple = true, allowNs = false): Target {
    const items: Target[] = [];
    const pos = this.cur.pos;
    do {
      const t = this.expectName('a variable name');
      if (allowNs && this.isOp('.')) {
        this.next();
        items.push({ k: 'nsattr', pos: t.pos, name: t.value, attr: this.expectName('an attribute name').value });
      } else {
        if (RESERVED.has(t.value)) throw this.error(`cannot assign to '${t.value}'`, t.pos);
        items.push({ k: 'name', pos: t.pos, name: t.value });
      }
    } while (allowTuple && this.skipOp(','));
    return items.length === 1 ? items[0] : { k: 'tuple', pos, items };
  }

  private parseFor(pos: number): Stmt {
    const target = this.parseTarget(true);
    if (!this.skipName('in')) throw this.error(`expected 'in', got ${this.describe(this.cur)}`);
    const iter = this.parseTuple(false, false);
    const filter = this.skipName('if') ? this.parseExpression() : null;
    const recursive = this.skipName('recursive');
    this.expectEnd();
    this.loopDepth++;
    const { body, end } = this.body(['endfor', 'else'], 'for', pos);
    this.loopDepth--;
    let elseBody: Stmt[] = [];
    if (end === 'else') {
      this.expectEnd();
      elseBody = this.body(['endfor'], 'for', pos).body;
    }
    this.expectEnd();
    return { k: 'for', pos, target, iter, filter, recursive, body, else: elseBody };
  }

  private parseSet(pos: number): Stmt {
    const target = this.parseTarget(true, true);
    if (this.skipOp('=')) return this.withEnd({ k: 'set', pos, target, expr: this.parseTuple() });
    const filters: Filter[] = [];
    while (this.isOp('|')) filters.push(this.parseFilter(null));
    this.expectEnd();
    const body = this.body(['endset'], 'set', pos).body;
    this.expectEnd();
    return { k: 'blockset', pos, target, filters, body };
  }

  private parseWith(pos: number): Stmt {
    const assigns: Array<{ target: Target; expr: Expr }> = [];
    while (this.cur.type !== 'block_end') {
      if (assigns.length) this.expectOp(',');
      const target = this.parseTarget(false);
      this.expectOp('=');
      assigns.push({ target, expr: this.parseExpression() });
    }
    this.expectEnd();
    const body = this.body(['endwith'], 'with', pos).body;
    this.expectEnd();
    return { k: 'with', pos, assigns, body };
  }

  private parseBlock(pos: number): Stmt {
    const name = this.expectName('a block name');
    if (this.blockNames.has(name.value)) throw this.error(`block '${name.value}' defined twice`, name.pos);
    this.blockNames.add(name.value);
    let scoped = false;
    let required = false;
    while (this.cur.type === 'name') {
      if (this.skipName('scoped')) scoped = true;
      else if (this.skipName('required')) required = true;
      else throw this.error(`unexpected '${this.cur.value}' in block tag`);
    }
    this.expectEnd();
    const saved = this.loopDepth;
    this.loopDepth = 0;
    const body = this.body(['endblock'], 'block', pos).body;
    this.loopDepth = saved;
    if (this.peek(0).type === 'name') {
      const closing = this.next();
      if (closing.value !== name.value) throw this.error(`mismatched endblock: expected '${name.value}', got '${closing.value}'`, closing.pos);
    }
    this.expectEnd();
    if (required && body.some((s) => s.k !== 'data' || s.text.trim() !== '')) {
      throw this.error(`required block '${name.value}' may only contain whitespace`, pos);
    }
    return { k: 'block', pos, name: name.value, body, scoped, required };
  }

  /** `with context` / `without context`, default given. */
  private parseContextModifier(defaultValue: boolean): boolean {
    if ((this.isName('with') || this.isName('without')) && this.isName('context', this.peek())) {
      const value = this.next().value === 'with';
      this.next();
      return value;
    }
    return defaultValue;
  }

  private parseInclude(pos: number): Stmt {
    const expr = this.parseExpression();
    let ignoreMissing = false;
    if (this.isName('ignore') && this.isName('missing', this.peek())) {
      this.i += 2;
      ignoreMissing = true;
    }
    const withContext = this.parseContextModifier(true);
    return this.withEnd({ k: 'include', pos, expr, ignoreMissing, withContext });
  }

  private parseImport(pos: number): Stmt {
    const expr = this.parseExpression();
    if (!this.skipName('as')) throw this.error(`expected 'as', got ${this.describe(this.cur)}`);
    const alias = this.parseTarget(false);
    const withContext = this.parseContextModifier(false);
    return this.withEnd({ k: 'import', pos, expr, alias: (alias as { name: string }).name, withContext });
  }

  private parseFrom(pos: number): Stmt {
    const expr = this.parseExpression();
    if (!this.skipName('import')) throw this.error(`expected 'import', got ${this.describe(this.cur)}`);
    const names: Array<[string, string]> = [];
    let withContext = false;
    for (;;) {
      if (names.length && !this.skipOp(',')) break;
      if ((this.isName('with') || this.isName('without')) && this.isName('context', this.peek())) break;
      const name = this.expectName('a name to import').value;
      if (name.startsWith('_')) throw this.error(`names starting with an underscore cannot be imported: '${name}'`);
      const alias = this.skipName('as') ? this.expectName('an alias').value : name;
      names.push([name, alias]);
    }
    withContext = this.parseContextModifier(false);
    if (!names.length) throw this.error('expected at least one name to import');
    return this.withEnd({ k: 'fromimport', pos, expr, names, withContext });
  }

  private parseParams(): MacroParam[] {
    this.expectOp('(');
    const params: MacroParam[] = [];
    while (!this.isOp(')')) {
      if (params.length) this.expectOp(',');
      const name = this.parseTarget(false) as { name: string };
      const def = this.skipOp('=') ? this.parseExpression() : null;
      if (!def && params.some((p) => p.default)) throw this.error('a parameter without a default cannot follow one with a default');
      params.push({ name: name.name, default: def });
    }
    this.expectOp(')');
    return params;
  }

  private parseMacro(pos: number): Stmt {
    const name = this.parseTarget(false) as { name: string };
    const params = this.parseParams();
    this.expectEnd();
    const saved = this.loopDepth;
    this.loopDepth = 0;
    const body = this.body(['endmacro'], 'macro', pos).body;
    this.loopDepth = saved;
    this.skipName(name.name);
    this.expectEnd();
    return { k: 'macro', pos, name: name.name, params, body };
  }

  private parseCallBlock(pos: number): Stmt {
    const params = this.isOp('(') ? this.parseParams() : [];
    const call = this.parseExpression();
    if (call.k !== 'call') throw this.error('expected a macro call after {% call %}', call.pos);
    this.expectEnd();
    const body = this.body(['endcall'], 'call', pos).body;
    this.expectEnd();
    return { k: 'callblock', pos, call, params, body };
  }

  private parseFilterBlock(pos: number): Stmt {
    const filters: Filter[] = [this.parseFilter(null, false)];
    while (this.isOp('|')) filters.push(this.parseFilter(null));
    this.expectEnd();
    const body = this.body(['endfilter'], 'filter', pos).body;
    this.expectEnd();
    return { k: 'filterblock', pos, filters, body };
  }

  /** `{% cache timeout name var... [using="alias"] %}...{% endcache %}` (Django's fragment cache). */
  private parseCache(pos: number): Stmt {
    const timeout = this.parseExpression();
    const name = this.cur.type === 'string' ? this.next().value : this.expectName('a fragment name').value;
    const vary: Expr[] = [];
    let using: Expr | null = null;
    while (this.cur.type !== 'block_end') {
      if (this.isName('using') && this.isOp('=', this.peek())) {
        this.next();
        this.next();
        using = this.parseExpression();
      } else {
        vary.push(this.parseExpression());
      }
      this.skipOp(',');
    }
    this.expectEnd();
    const body = this.body(['endcache'], 'cache', pos).body;
    this.expectEnd();
    return { k: 'cache', pos, timeout, name, vary, using, body };
  }

  private parseAutoescape(pos: number): Stmt {
    const expr = this.parseExpression();
    if (expr.k !== 'const' || typeof expr.value !== 'boolean') throw this.error('autoescape takes true or false', expr.pos);
    this.expectEnd();
    const body = this.body(['endautoescape'], 'autoescape', pos).body;
    this.expectEnd();
    return { k: 'autoescape', pos, value: expr.value, body };
  }
}
