// What `hyper dbshell` runs: psql for a server (password in its environment, never on
// its command line), and for the embedded database, which psql cannot reach, a small
// SQL prompt of its own. The prompt reads any stream, so SQL can be piped into it.
import * as readline from 'node:readline';
import { databaseName, type DatabaseConfig } from './config';
import type { Connection, QueryResult } from './connection';
import { formatResult } from './shell-format';
import { runMetaCommand } from './shell-meta';
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
      if (trimmed.split(/\s+/)[0] === '\\q') break;
      failures += await runBackslash(connection, trimmed, io);
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

/**
 * Runs what -c gives: as with psql, one backslash command, or SQL (every statement
 * in it). Returns the failures.
 */
export async function runSqlCommand(connection: Connection, sql: string, io: Pick<ShellIO, 'write' | 'writeError'>): Promise<number> {
  if (sql.trim().startsWith('\\')) return sql.trim().split(/\s+/)[0] === '\\q' ? 0 : runBackslash(connection, sql, io);
  const { statements, rest } = splitStatements(sql);
  if (rest.trim()) statements.push(rest);
  let failures = 0;
  for (const statement of statements) failures += await runStatement(connection, statement, io);
  return failures;
}

/** A backslash command: its failures; an unknown one is reported and counts as one. */
async function runBackslash(connection: Connection, line: string, io: Pick<ShellIO, 'write' | 'writeError'>): Promise<number> {
  const failures = await runMetaCommand(connection, line, io);
  if (failures !== undefined) return failures;
  io.writeError(`invalid command ${line.trim().split(/\s+/)[0]}; try \\? for the commands this prompt knows.\n`);
  return 1;
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
