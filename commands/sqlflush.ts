import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { flushSql } from '../src/management/fixtures';

export default class Command extends BaseCommand<{ database: string }> {
  help = 'Prints the SQL that flush would run, without running it.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser.option('--database <alias>', 'the database whose tables to list', 'default');
  }

  async handle(options: CommandOptions<{ database: string }>): Promise<void> {
    const statements = await flushSql(options.database);
    if (!statements.length) this.stdout.write('-- No tables found');
    else this.stdout.write(['BEGIN;', ...statements.map((statement) => `${statement};`), 'COMMIT;'].join('\n'), this.style.sqlKeyword);
  }
}
