import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { findMigration, projectMigrations, requireAppWithMigrations } from '../src/orm/migrations/project-migrations';

export default class Command extends BaseCommand {
  help = 'Prints the SQL of one migration, without running it.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('<app>', 'the app label')
      .argument('<migration>', 'the migration (a unique name prefix)')
      .option('--database <alias>', 'the database whose dialect to use', 'default')
      .option('--backwards', 'the SQL that unapplies it');
  }

  async handle(options: CommandOptions): Promise<void> {
    const { graph, executor } = await projectMigrations(options.database);
    requireAppWithMigrations(graph, options.app);
    const migration = findMigration(graph, options.app, options.migration);
    const statements = await executor.sqlFor(migration, Boolean(options.backwards));
    const lines = statements.map((statement) => `${statement};`);
    if (migration.atomic) lines.unshift('BEGIN;');
    if (migration.atomic) lines.push('COMMIT;');
    if (!statements.length) lines.splice(1, 0, '-- (no SQL: this migration only changes the state)');
    this.stdout.write(lines.join('\n'), this.style.sqlKeyword);
  }
}
