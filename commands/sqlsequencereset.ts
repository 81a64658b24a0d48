import { apps } from '../src/apps/registry';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';
import { modelsFor } from '../src/management/fixtures';
import { inlineParameters, sequenceResetStatements } from '../src/orm/schema/data-sql';

export default class Command extends BaseCommand {
  help = "Prints the SQL that sets the apps' key sequences past their largest keys (after rows were written with explicit keys).";
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser.argument('<app...>', 'the app labels').option('--database <alias>', 'the database to print the SQL for', 'default');
  }

  async handle(options: CommandOptions): Promise<void> {
    const labels: string[] = options.app;
    for (const label of labels) if (label.includes('.') || !apps.hasApp(label)) throw new CommandError(`No installed app with label '${label}'. Apps: ${apps.getAppConfigs().map((config) => config.label).join(', ')}.`);
    const statements = sequenceResetStatements(modelsFor(labels, [], { withPairs: true }));
    if (!statements.length) {
      this.stdout.write('-- No sequences found');
      return;
    }
    this.stdout.write(['BEGIN;', ...statements.map((statement) => `${inlineParameters(statement)};`), 'COMMIT;'].join('\n'), this.style.sqlKeyword);
  }
}
