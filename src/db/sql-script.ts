// Splitting SQL text into statements at top-level semicolons: not inside quotes
// ('...', "...", E'...'), dollar quotes ($$...$$, $tag$...$tag$) or comments.

export interface SplitResult {
  /** Complete statements, without their ';'. */
  statements: string[];
  /** What follows the last ';' (an unfinished statement, or whitespace). */
  rest: string;
}

export function splitStatements(text: string): SplitResult {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    if (char === "'" || char === '"') {
      i = skipQuoted(text, i, char);
    } else if (char === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (char === '/' && next === '*') {
      i = skipBlockComment(text, i);
    } else if (char === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? text.length : end + tag[0].length;
      } else {
        i++;
      }
    } else if (char === ';') {
      const statement = text.slice(start, i).trim();
      if (statement) statements.push(statement);
      start = ++i;
    } else {
      i++;
    }
  }
  return { statements, rest: text.slice(start) };
}

function skipQuoted(text: string, i: number, quote: string): number {
  // A backslash escapes only in E'...' strings; doubling the quote escapes in all.
  const escapes = quote === "'" && /[eE]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[i - 2] ?? '');
  i++;
  while (i < text.length) {
    if (escapes && text[i] === '\\') {
      i += 2;
    } else if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

function skipBlockComment(text: string, i: number): number {
  // Block comments nest in PostgreSQL.
  let depth = 0;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}
