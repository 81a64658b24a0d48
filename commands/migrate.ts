import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';
import { apps } from '../src/apps/registry';
import { schemaDrift } from '../src/orm/migrations/drift';
import { withMigrateLock } from '../src/orm/migrations/migrate-lock';
import { postMigrate } from '../src/orm/signals';
import { findMigration, projectMigrations, requireAppWithMigrations } from '../src/orm/migrations/project-migrations';

export default class Command extends BaseCommand {
  help = 'Updates the database schema: applies (or unapplies) migrations, each in a transaction under an advisory lock.';

  addArguments(parser: CommandParser): void {
    parser
      .argument('[app]', 'only this app')
      .argument('[migration]', "the migration to reach (a unique name prefix), or 'zero' to unapply all of the app's")
      .option('--database <alias>', 'the database to migrate', 'default')
      .option('--fake', 'record the migrations as applied (or unapplied) without running their SQL')
      .option('--fake-initial', 'skip initial migrations whose tables already exist')
      .option('--plan', 'print what would run, and run nothing')
      .option('--check', 'exit 1 when migrations are not applied, and run nothing')
      .option('--check-drift', 'compare the live schema with the applied migrations; exit 1 listing the differences')
      .option('--noinput', 'never ask anything');
  }

  handle(options: CommandOptions): Promise<void> {
    // Everything, from the first read of the recorder table, under the lock: concurrent runs take turns.
    return withMigrateLock(options.database, (waited) => this.migrate(options, waited));
  }

  private async migrate(options: CommandOptions, waited: boolean): Promise<void> {
    const { graph, executor, applied } = await projectMigrations(options.database);
    let targets: Array<[string, string | null]>;
    if (options.app) {
      requireAppWithMigrations(graph, options.app);
      if (options.migration === 'zero') targets = [[options.app, null]];
      else if (options.migration) targets = [[options.app, findMigration(graph, options.app, options.migration).name]];
      else targets = graph.leaves(options.app).map((key) => [options.app, key.slice(options.app.length + 1)]);
    } else {
      if (options.migration) throw new CommandError('Give the app before the migration: hyper migrate APP MIGRATION.');
      targets = executor.allLeaves();
    }
    const plan = executor.plan(targets, applied);

    if (options.checkDrift) {
      const differences = await schemaDrift(executor.connection, graph.state([...applied].filter((key) => graph.nodes.has(key))));
      if (differences.length) throw new CommandError(`The database schema differs from the applied migrations in ${differences.length} place${differences.length === 1 ? '' : 's'}:\n  ${differences.join('\n  ')}`);
      this.stdout.write('The database schema matches the applied migrations.', this.style.success);
      return;
    }

    if (options.check) {
      const pending = plan.filter((step) => !step.backwards);
      if (pending.length) throw new CommandError(`${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied: ${pending.map((step) => step.migration.key).join(', ')}.`);
      return;
    }
    if (options.plan) {
      this.stdout.write('Planned operations:', this.style.migrateHeading);
      if (!plan.length) this.stdout.write('  No planned migration operations.');
      for (const step of plan) {
        this.stdout.write(step.migration.key, this.style.migrateLabel);
        const operations = step.backwards ? [...step.migration.operations].reverse() : step.migration.operations;
        for (const operation of operations) this.stdout.write(`    ${step.backwards ? 'Undo ' : ''}${operation.describe()}${!step.backwards || operation.reversible ? '' : ' (IRREVERSIBLE)'}`);
      }
      return;
    }

    const verbose = options.verbosity >= 1;
    if (verbose) {
      this.stdout.write('Operations to perform:', this.style.migrateHeading);
      const apps = [...new Set(targets.map(([app]) => app))].sort().join(', ');
      if (options.app && options.migration === 'zero') this.stdout.write(`  Unapply all migrations: ${options.app}`);
      else if (options.app && options.migration) this.stdout.write(`  Target specific migration: ${targets[0][1]}, from ${options.app}`);
      else this.stdout.write(`  Apply all migrations: ${apps || '(none)'}`);
      this.stdout.write('Running migrations:', this.style.migrateHeading);
      if (!plan.length) this.stdout.write(waited ? '  No migrations to apply: another process applied them while this one waited.' : '  No migrations to apply.');
    }
    await executor.run(plan, {
      fake: options.fake,
      fakeInitial: options.fakeInitial,
      progress: ({ step, phase, ms }) => {
        if (!verbose) return;
        const verb = step.backwards ? 'Unapplying' : 'Applying';
        if (phase === 'start') this.stdout.write(`  ${verb} ${step.migration.key}...`, undefined, '');
        else if (phase === 'skipped') this.stdout.write(' already done by another process', this.style.warning);
        else this.stdout.write(` ${phase === 'faked' ? 'FAKED' : 'OK'} (${((ms ?? 0) / 1000).toFixed(3)}s)`, this.style.success);
      },
    });
    await postMigrate.send(null, { apps: apps.getAppConfigs(), using: options.database, plan, verbosity: options.verbosity });
  }
}
