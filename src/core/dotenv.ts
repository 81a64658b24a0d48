// A small .env reader: KEY=value lines, '#' comments, optional `export `, single or
// double quotes (double quotes understand \n, \t, \" and \\). No interpolation:
// a value means what it says.
import * as fs from 'node:fs';
import { ImproperlyConfigured } from './errors';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/;

export function parseDotenv(text: string, file = '.env'): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    if (/^\s*(#|$)/.test(raw)) return;
    const match = LINE.exec(raw);
    if (!match) {
      throw new ImproperlyConfigured(
        `${file}:${index + 1}: cannot read '${raw.trim()}': expected KEY=value.`,
      );
    }
    values.set(match[1], unquote(match[2], `${file}:${index + 1}`));
  });
  return values;
}

function unquote(value: string, where: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") {
    const comment = value.search(/\s#/);
    return (comment === -1 ? value : value.slice(0, comment)).trim();
  }
  // The value ends at the first closing quote (an escaped one does not count in double
  // quotes); only a comment may follow, and the comment may hold quotes of its own.
  const end = closingQuote(value, quote);
  if (end === undefined) throw new ImproperlyConfigured(`${where}: the value opens a ${quote} quote that never closes.`);
  const rest = value.slice(end + 1);
  if (!/^(\s+#.*|\s*)$/.test(rest)) {
    throw new ImproperlyConfigured(`${where}: unexpected '${rest.trim()}' after the closing ${quote} quote.`);
  }
  const inner = value.slice(1, end);
  if (quote === "'") return inner;
  return inner.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

function closingQuote(value: string, quote: string): number | undefined {
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === '\\') i++;
    else if (value[i] === quote) return i;
  }
  return undefined;
}

/** Reads a .env file; a missing file is an empty map. */
export function readDotenv(file: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return parseDotenv(text, file);
}
