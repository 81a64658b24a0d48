// What `hyper dbshell` runs: psql for a server (password in its environment, never on
// its command line), and for the embedded database, which psql cannot reach, a small
// SQL prompt of its own. The prompt reads any stream, so SQL can be piped into it.
import * as readline from 'node:readline';
import { databaseName, type DatabaseConfig } from './config';
import type { Connection, QueryResult } from './connection';
import { splitStatements } from './sql-script';

export interface PsqlInvocation {
  command: string;
  args: string[];
  /** Variables to add to the child's environment (PGPASSWORD, PGSSLMODE, ...). */
  env: Record<string, string>;
}

/** psql's arguments for a server database; the password goes in PGPASSWORD. */
export function psqlInvocation(config: DatabaseConfig, extra: readonly string[] = []): PsqlInvocation {
  const url = new URL(config.url!);
  const args: string[] = [];
  const env: Record<string, string> = {};
  if (url.hostname) args.push('-h', decodeURIComponent(url.hostname.replace(/^\[(.*)\]$/, '$1')));
  if (url.port) args.push('-p', url.port);
  if (url.username) args.push('-U', decodeURIComponent(url.username));
  const database = databaseName(url);
  if (database) args.push('-d', database);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  if (config.applicationName) env.PGAPPNAME = config.applicationName;
  return { command: 'psql', args: [...args, ...extra], env };
}

export interface ShellIO {
  input: NodeJS.ReadableStream;
  write(text: string): void;
  writeError(text: string): void;
  /** Show a prompt (when the input is a terminal). */
  interactive: boolean;
}

const HELP = [
  'Statements end with ";". Commands:',
  '  \\dt        list tables',
  '  \\d TABLE   describe a table',
  '  \\q         quit',
].join('\n');

/**
 * Reads statements from `io.input` until it ends or `\q`, runs each and prints its
 * rows as a table. Returns the number of statements that failed.
 */
export async function runSqlShell(connection: Connection, io: ShellIO): Promise<number> {
  const lines = readline.createInterface({ input: io.input, terminal: false });
  const prompt = (continued: boolean) => {
    if (io.interactive) io.write(`${connection.alias}${continued ? '-' : '='}# `);
  };
  let buffer = '';
  let failures = 0;
  if (io.interactive) io.write(`Embedded PostgreSQL (PGlite). Type \\? for help, \\q to quit.\n`);
  prompt(false);
  for await (const line of lines) {
    const trimmed = line.trim();
    if (buffer.trim() === '' && trimmed.startsWith('\\')) {
      const [verb, ...rest] = trimmed.split(/\s+/);
      if (verb === '\\q') break;
      const sql = metaCommand(verb, rest.join(' '));
      if (sql === undefined) {
        io.write(verb === '\\?' ? `${HELP}\n` : `Unknown command ${verb}; try \\?.\n`);
      } else {
        failures += await runStatement(connection, sql, io);
      }
      prompt(false);
      continue;
    }
    buffer += `${line}\n`;
    const { statements, rest } = splitStatements(buffer);
    buffer = rest.trim() === '' ? '' : rest;
    for (const statement of statements) failures += await runStatement(connection, statement, io);
    prompt(buffer !== '');
  }
  lines.close();
  if (buffer.trim() !== '') failures += await runStatement(connection, buffer, io);
  return failures;
}

/** Runs SQL given on the command line (-c): every statement in it. Returns the failures. */
export async function runSqlCommand(connection: Connection, sql: string, io: Pick<ShellIO, 'write' | 'writeError'>): Promise<number> {
  const { statements, rest } = splitStatements(sql);
  if (rest.trim()) statements.push(rest);
  let failures = 0;
  for (const statement of statements) failures += await runStatement(connection, statement, io);
  return failures;
}

function metaCommand(verb: string, argument: string): string | undefined {
  if (verb === '\\dt') {
    return "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2";
  }
  if (verb === '\\d' && argument) {
    // The identifier is a literal here, written with doubled quotes: no injection.
    return `SELECT column_name AS column, data_type AS type, is_nullable AS nullable, column_default AS default FROM information_schema.columns WHERE table_name = '${argument.replace(/'/g, "''")}' ORDER BY ordinal_position`;
  }
  return undefined;
}

async function runStatement(connection: Connection, sql: string, io: Pick<ShellIO, 'write' | 'writeError'>): Promise<number> {
  let result: QueryResult;
  try {
    result = await connection.execute({ sql, parameters: [] });
  } catch (error) {
    io.writeError(`ERROR:  ${(error as Error).message}\n`);
    return 1;
  }
  io.write(formatResult(result));
  return 0;
}

/** psql's aligned output: a header, a rule, the rows, and "(n rows)"; or the command tag. */
export function formatResult(result: QueryResult): string {
  const returnsRows = result.rows.length > 0 || result.command === 'SELECT' || result.command === 'FETCH' || result.command === 'SHOW';
  if (!returnsRows) {
    const counted = ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY'].includes(result.command ?? '');
    const tag = result.command === 'INSERT' ? `INSERT 0 ${result.rowCount}` : counted ? `${result.command} ${result.rowCount}` : result.command ?? 'OK';
    return `${tag}\n`;
  }
  const columns = result.rows.length ? Object.keys(result.rows[0]) : [];
  const cells = result.rows.map((row) => columns.map((column) => formatValue(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i].length)));
  const numeric = columns.map((column) => result.rows.every((row) => row[column] === null || typeof row[column] === 'number'));
  const line = (values: string[], alignRight: boolean[]) =>
    ` ${values.map((value, i) => (alignRight[i] ? value.padStart(widths[i]) : value.padEnd(widths[i]))).join(' | ')}`.trimEnd();
  const out: string[] = [];
  if (columns.length) {
    out.push(` ${columns.map((column, i) => center(column, widths[i])).join(' | ')}`.trimEnd());
    out.push(widths.map((width) => '-'.repeat(width + 2)).join('+'));
    for (const row of cells) out.push(line(row, numeric));
  }
  const n = result.rows.length;
  out.push(`(${n} ${n === 1 ? 'row' : 'rows'})`, '');
  return `${out.join('\n')}\n`;
}

function center(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
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
