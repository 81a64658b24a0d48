// psql's aligned output, for the embedded database's prompt: a header, a rule, the
// rows, a "(n rows)" footer; a centred title above a table for \dt and \d.
import type { QueryResult } from './connection';

/** A statement's result: its rows as a table, or its command tag (INSERT 0 2, CREATE TABLE ...). */
export function formatResult(result: QueryResult): string {
  const returnsRows = result.rows.length > 0 || result.command === 'SELECT' || result.command === 'FETCH' || result.command === 'SHOW';
  if (!returnsRows) {
    const counted = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY'].includes(result.command ?? '');
    const tag = result.command === 'INSERT' ? `INSERT 0 ${result.rowCount}` : counted ? `${result.command} ${result.rowCount}` : result.command ?? 'OK';
    return `${tag}\n`;
  }
  const n = result.rows.length;
  return `${[...alignedTable(result.rows), `(${n} ${n === 1 ? 'row' : 'rows'})`, ''].join('\n')}\n`;
}

/**
 * Rows as psql aligns them (numbers to the right), under `title` when given; the
 * columns are the first row's keys, else `columns`.
 */
export function alignedTable(rows: ReadonlyArray<Record<string, unknown>>, title?: string, columns: readonly string[] = []): string[] {
  const names = rows.length ? Object.keys(rows[0]) : columns;
  if (!names.length) return [];
  const cells = rows.map((row) => names.map((name) => formatValue(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i].length)));
  const numeric = names.map((name) => rows.every((row) => row[name] === null || typeof row[name] === 'number'));
  const out: string[] = [];
  if (title) out.push(center(title, widths.reduce((sum, width) => sum + width + 3, -1)).trimEnd());
  out.push(` ${names.map((name, i) => center(name, widths[i])).join(' | ')}`.trimEnd());
  out.push(widths.map((width) => '-'.repeat(width + 2)).join('+'));
  for (const row of cells) {
    out.push(` ${row.map((value, i) => (numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join(' | ')}`.trimEnd());
  }
  return out;
}

function center(text: string, width: number): string {
  const left = Math.max(0, Math.floor((width - text.length) / 2));
  return (' '.repeat(left) + text).padEnd(width);
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
