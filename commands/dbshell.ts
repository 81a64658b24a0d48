import { spawn } from 'node:child_process';
import { describeDatabase } from '../src/db/config';
import { connections, DEFAULT_DB_ALIAS } from '../src/db/connection-handler';
import { psqlInvocation, runSqlCommand, runSqlShell } from '../src/db/shell';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';

interface DbshellOptions {
  database: string;
  command?: string;
  args?: string[];
}

export default class Command extends BaseCommand<DbshellOptions> {
  help = "Opens a SQL shell on a database: psql for a server, a built-in prompt for the embedded one.";
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .option('--database <alias>', 'the database alias', DEFAULT_DB_ALIAS)
      .option('-c, --command <sql>', 'run this SQL and exit')
      .argument('[args...]', 'after --: more arguments for psql');
  }

  async handle(options: CommandOptions<DbshellOptions>): Promise<void> {
    const connection = connections.get(options.database);
    const extra: string[] = options.args ?? [];
    try {
      if (connection.config.kind === 'postgres') {
        await this.runPsql(psqlInvocation(connection.config, options.command ? ['-c', options.command, ...extra] : extra));
        return;
      }
      if (extra.length) throw new CommandError('Extra arguments after -- are for psql; the embedded database has its own prompt.');
      const io = {
        write: (text: string) => this.stdout.write(text, undefined, ''),
        writeError: (text: string) => this.stderr.write(text, undefined, ''),
      };
      const failures = options.command
        ? await runSqlCommand(connection, options.command, io)
        : await runSqlShell(connection, { ...io, input: this.stdin, interactive: (this.stdin as { isTTY?: boolean }).isTTY === true });
      if (failures) throw new CommandError(`${failures} ${failures === 1 ? 'statement' : 'statements'} failed on ${describeDatabase(connection.config)}.`, { code: 'HYPER_DBSHELL_STATEMENTS_FAILED' });
    } finally {
      await connections.closeAll();
    }
  }

  private runPsql(invocation: ReturnType<typeof psqlInvocation>): Promise<void> {
    // psql talks to the terminal itself; only captured output (callCommand) is piped.
    const piped = this.stdout.sink !== process.stdout;
    const child = spawn(invocation.command, invocation.args, {
      stdio: [piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
      env: { ...process.env, ...invocation.env },
    });
    if (piped) {
      child.stdout!.on('data', (chunk) => this.stdout.write(String(chunk), undefined, ''));
      child.stderr!.on('data', (chunk) => this.stderr.write(String(chunk), undefined, ''));
      if (this.stdin !== process.stdin) this.stdin.pipe(child.stdin!);
      else child.stdin!.end();
    }
    return new Promise((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'ENOENT'
            ? new CommandError("psql was not found on PATH; install PostgreSQL's client (e.g. `apt install postgresql-client`) to use dbshell with a server.", { code: 'HYPER_DBSHELL_NO_PSQL' })
            : new CommandError(`Could not run psql: ${error.message}. Check that the psql on PATH runs.`, { code: 'HYPER_DBSHELL_PSQL_FAILED', cause: error }),
        );
      });
      child.once('exit', (code, signal) => {
        if (code === 0) resolve();
        else reject(new CommandError(`psql ended with ${signal ?? `exit code ${code}`}.`, { exitCode: code ?? 1, code: 'HYPER_DBSHELL_PSQL_FAILED' }));
      });
    });
  }
}
