import { connections } from '../src/db';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { RECORDER_TABLE } from '../src/orm/migrations/recorder';
import { introspectTables, writeModels } from '../src/orm/inspect';

export default class Command extends BaseCommand {
  help = "Prints a models.ts for the tables of an existing database: types, nullability, keys and relations.";
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser.argument('[table...]', 'only these tables (default: all of the current schema)').option('--database <alias>', 'the database to inspect', 'default');
  }

  async handle(options: CommandOptions): Promise<void> {
    const tables = await introspectTables(connections.get(options.database), options.table ?? [], [RECORDER_TABLE]);
    if (!tables.length) this.stderr.write(`No tables found${options.table?.length ? ` named ${options.table.join(', ')}` : ''} in database '${options.database}'.`);
    this.stdout.write(writeModels(tables), undefined, '');
  }
}
