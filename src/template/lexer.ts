// Splits template source into tokens: text, the delimiters of {{ }} and {% %}, and
// the expression tokens inside them. Comments vanish here; whitespace control
// ('-' and '+', trimBlocks, lstripBlocks) and {% raw %} are resolved here too, so
// the parser only ever sees meaningful tokens.
import { TemplateSyntaxError } from './errors';

export type TokenType =
  | 'data' | 'var_begin' | 'var_end' | 'block_begin' | 'block_end'
  | 'name' | 'string' | 'int' | 'float' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the source. */
  pos: number;
}

export interface LexerOptions {
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  keepTrailingNewline?: boolean;
  lineStatementPrefix?: string;
  lineCommentPrefix?: string;
}

const NAME_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const FLOAT_RE = /\d(?:_?\d)*(?:\.\d(?:_?\d)*(?:[eE][+-]?\d+)?|[eE][+-]?\d+)/y;
const INT_RE = /\d(?:_?\d)*/y;
const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATORS = ['//', '**', '==', '!=', '<=', '>=', '+', '-', '/', '*', '%', '~', '<', '>', '=', '.', ',', ':', '|', '(', ')', '[', ']', '{', '}'];
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', b: '\b', f: '\f', v: '\v' };

function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/gs, (whole, esc: string) => {
    if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return ESCAPES[esc] ?? whole;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Lexer {
  readonly tokens: Token[] = [];
  private readonly lineStarts: number[] = [0];
  private pos = 0;
  /** Strip leading whitespace of the next text (a '-' closed the last tag). */
  private stripNext = false;
  private readonly opener: RegExp;

  constructor(readonly source: string, readonly name: string, readonly options: LexerOptions = {}) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    let pattern = '\\{\\{|\\{%|\\{#';
    if (options.lineStatementPrefix) pattern += `|^[ \\t]*${escapeRegExp(options.lineStatementPrefix)}`;
    if (options.lineCommentPrefix) pattern += `|[ \\t]*${escapeRegExp(options.lineCommentPrefix)}`;
    this.opener = new RegExp(pattern, 'gm');
  }

  /** 1-based line and column of an offset. */
  location(pos: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - this.lineStarts[lo] + 1 };
  }

  error(message: string, pos: number): TemplateSyntaxError {
    const { line, column } = this.location(pos);
    const start = this.lineStarts[line - 1];
    const end = this.source.indexOf('\n', start);
    const snippet = this.source.slice(start, end < 0 ? undefined : end);
    return new TemplateSyntaxError(message, this.name, line, column, snippet);
  }

  tokenize(): Token[] {
    const src = this.source;
    while (this.pos < src.length) {
      this.opener.lastIndex = this.pos;
      const m = this.opener.exec(src);
      const start = m ? m.index : src.length;
      let text = src.slice(this.pos, start);
      if (!m) {
        this.pushData(text, this.pos, false);
        this.pos = src.length;
        break;
      }
      const kind = m[0];
      const after = start + kind.length;
      const isLineStatement = this.options.lineStatementPrefix !== undefined && kind.trimStart() === this.options.lineStatementPrefix && !kind.startsWith('{');
      const isLineComment = !isLineStatement && !kind.startsWith('{');
      if (isLineComment) {
        // A line comment: drop the rest of the line, keep the newline.
        this.pushData(text, this.pos, false);
        const nl = src.indexOf('\n', after);
        this.pos = nl < 0 ? src.length : nl;
        continue;
      }
      const modifier = isLineStatement ? '' : src[after];
      const stripBefore = modifier === '-';
      const keepBefore = modifier === '+' && kind === '{%';
      if (!stripBefore && !keepBefore && kind === '{%' && this.options.lstripBlocks) {
        const lastNl = text.lastIndexOf('\n');
        const tail = text.slice(lastNl + 1);
        if (/^[ \t]*$/.test(tail) && (lastNl >= 0 || this.atLineStart(this.pos))) {
          text = text.slice(0, lastNl + 1);
        }
      }
      this.pushData(text, this.pos, stripBefore);
      let cursor = after + (stripBefore || keepBefore ? 1 : 0);
      if (kind === '{#') {
        const end = src.indexOf('#}', cursor);
        if (end < 0) throw this.error('unclosed comment: missing #}', start);
        this.stripNext = src[end - 1] === '-';
        this.pos = end + 2;
        if (!this.stripNext && this.options.trimBlocks && src[this.pos] === '\n') this.pos++;
        continue;
      }
      const isVar = kind === '{{';
      this.tokens.push({ type: isVar ? 'var_begin' : 'block_begin', value: kind, pos: start });
      cursor = this.tokenizeTag(cursor, isVar ? 'var' : isLineStatement ? 'line' : 'block', start);
      this.pos = cursor;
      if (!isVar) this.maybeRaw(start);
    }
    this.tokens.push({ type: 'eof', value: '', pos: src.length });
    return this.tokens;
  }

  private atLineStart(pos: number): boolean {
    return pos === 0 || this.source[pos - 1] === '\n';
  }

  private pushData(text: string, pos: number, stripEnd: boolean): void {
    if (this.stripNext) {
      const trimmed = text.trimStart();
      pos += text.length - trimmed.length;
      text = trimmed;
      this.stripNext = false;
    }
    if (stripEnd) text = text.trimEnd();
    if (!this.options.keepTrailingNewline && pos + text.length === this.source.length && text.endsWith('\n')) {
      // Jinja2 drops one trailing newline of the source by default.
      text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
    }
    if (text) this.tokens.push({ type: 'data', value: text, pos });
  }

  /** Tokens inside {{ }} or {% %} (or a line statement) up to and including the closer. */
  private tokenizeTag(cursor: number, mode: 'var' | 'block' | 'line', openPos: number): number {
    const src = this.source;
    const stack: string[] = [];
    const endType: TokenType = mode === 'var' ? 'var_end' : 'block_end';
    for (;;) {
      // Whitespace (a newline ends a line statement at depth 0).
      while (cursor < src.length) {
        const ch = src[cursor];
        if (ch === '\n' && mode === 'line' && stack.length === 0) break;
        if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') break;
        cursor++;
      }
      if (cursor >= src.length) {
        if (mode === 'line' && stack.length === 0) {
          this.tokens.push({ type: 'block_end', value: '', pos: cursor });
          return cursor;
        }
        throw this.error(mode === 'var' ? "unclosed '{{': missing '}}'" : "unclosed '{%': missing '%}'", openPos);
      }
      if (stack.length === 0) {
        if (mode === 'line') {
          if (src[cursor] === '\n' || (src[cursor] === ':' && /^:[ \t]*(\r?\n|$)/.test(src.slice(cursor, cursor + 40)))) {
            const nl = src.indexOf('\n', cursor);
            this.tokens.push({ type: 'block_end', value: '', pos: cursor });
            return nl < 0 ? src.length : nl + 1;
          }
        } else {
          const close = mode === 'var' ? '}}' : '%}';
          const strip = src[cursor] === '-' && src.startsWith(close, cursor + 1);
          const keep = mode === 'block' && src[cursor] === '+' && src.startsWith(close, cursor + 1);
          if (strip || keep || src.startsWith(close, cursor)) {
            this.tokens.push({ type: endType, value: close, pos: cursor });
            cursor += close.length + (strip || keep ? 1 : 0);
            this.stripNext = strip;
            if (mode === 'block' && !strip && !keep && this.options.trimBlocks) {
              if (src[cursor] === '\n') cursor++;
              else if (src.startsWith('\r\n', cursor)) cursor += 2;
            }
            return cursor;
          }
        }
      }
      cursor = this.readToken(cursor, stack);
    }
  }

  private readToken(cursor: number, stack: string[]): number {
    const src = this.source;
    for (const [re, type] of [[NAME_RE, 'name'], [FLOAT_RE, 'float'], [INT_RE, 'int']] as const) {
      re.lastIndex = cursor;
      const m = re.exec(src);
      if (m) {
        const value = type === 'name' ? m[0] : m[0].replace(/_/g, '');
        this.tokens.push({ type, value, pos: cursor });
        return cursor + m[0].length;
      }
    }
    const ch = src[cursor];
    if (ch === '"' || ch === "'") {
      STRING_RE.lastIndex = cursor;
      const m = STRING_RE.exec(src);
      if (!m) throw this.error('unterminated string literal', cursor);
      this.tokens.push({ type: 'string', value: unescape(m[1] ?? m[2]), pos: cursor });
      return cursor + m[0].length;
    }
    for (const op of OPERATORS) {
      if (src.startsWith(op, cursor)) {
        if (OPENERS[op]) stack.push(OPENERS[op]);
        else if (op === ')' || op === ']' || op === '}') {
          const expected = stack.pop();
          if (expected !== op) throw this.error(expected ? `unexpected '${op}', expected '${expected}'` : `unexpected '${op}'`, cursor);
        }
        this.tokens.push({ type: 'op', value: op, pos: cursor });
        return cursor + op.length;
      }
    }
    throw this.error(`unexpected character '${ch}'`, cursor);
  }

  /** After `{% raw %}`, everything up to `{% endraw %}` is text. */
  private maybeRaw(tagPos: number): void {
    const n = this.tokens.length;
    if (n < 3 || this.tokens[n - 3].type !== 'block_begin' || this.tokens[n - 2].type !== 'name' || this.tokens[n - 2].value !== 'raw') return;
    if (this.tokens[n - 1].type !== 'block_end') return;
    const re = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;
    re.lastIndex = this.pos;
    const m = re.exec(this.source);
    if (!m) throw this.error("unclosed 'raw' tag: missing {% endraw %}", tagPos);
    this.tokens.length = n - 3;
    this.pushData(this.source.slice(this.pos, m.index), this.pos, m[1] === '-');
    this.stripNext = m[2] === '-';
    this.pos = m.index + m[0].length;
    if (!this.stripNext && m[2] !== '+' && this.options.trimBlocks && this.source[this.pos] === '\n') this.pos++;
  }
}
