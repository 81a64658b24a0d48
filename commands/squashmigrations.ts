import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../src/apps/registry';
import { displayPath } from '../src/core/display-path';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';
import { MigrationGraph } from '../src/orm/migrations/graph';
import { loadMigrations, migrationsDir } from '../src/orm/migrations/loader';
import { validName } from '../src/orm/migrations/naming';
import { planSquash } from '../src/orm/migrations/squash';
import { writeMigration } from '../src/orm/migrations/writer';

export default class Command extends BaseCommand {
  help = "Squashes a run of an app's migrations (from the first, or from START, to END) into one.";

  addArguments(parser: CommandParser): void {
    parser
      .argument('<app>', 'the app label')
      .argument('<migration...>', 'END, or START and END (a name or a unique prefix such as 0004)')
      .option('--no-optimize', 'keep the operations as they are, without optimizing them')
      .option('--squashed-name <name>', 'the name of the squashed migration, after its number')
      .option('--noinput', 'ask nothing (squashmigrations asks nothing; accepted for scripts written for Django)')
      .option('--no-input', 'the same as --noinput');
  }

  async handle(options: CommandOptions): Promise<void> {
    const app: string = options.app;
    const names: string[] = options.migration;
    if (names.length > 2) throw new CommandError('Give the END migration, or START and END: hyper squashmigrations blog 0002 0004.', { exitCode: 2 });
    const [start, end] = names.length === 2 ? names : [undefined, names[0]];
    if (options.squashedName !== undefined && !validName(options.squashedName)) throw new CommandError(`The name '${options.squashedName}' must hold only letters, digits and underscores.`);
    const config = apps.getAppConfig(app);
    const graph = new MigrationGraph(loadMigrations(apps.getAppConfigs()));
    const plan = planSquash(graph, app, start, end, { optimize: options.optimize !== false, squashedName: options.squashedName });
    if (plan.operations.some((operation) => operation.operationName === 'RunCode')) {
      throw new CommandError('The migrations hold RunCode operations, whose functions a generated file cannot copy. Squash around them, or write the squashed migration by hand.');
    }
    const text = writeMigration(plan, { dir: migrationsDir(config) });
    const file = path.join(migrationsDir(config), `${plan.name}.ts`);
    if (fs.existsSync(file)) throw new CommandError(`${displayPath(file)} already exists; choose another --squashed-name.`);
    fs.writeFileSync(file, text);
    if (options.optimize !== false && options.verbosity >= 1) {
      this.stdout.write(plan.operations.length < plan.originalCount ? `Optimized from ${plan.originalCount} operations to ${plan.operations.length} operations.` : 'No optimizations possible.', this.style.migrateHeading);
    }
    this.stdout.write(`Created new squashed migration ${displayPath(file)}`, this.style.success);
    this.stdout.write(
      [
        '  Commit it, and keep the migrations it replaces until every database has applied it;',
        '  then delete them and remove `replaces` from it (as with Django).',
      ].join('\n'),
    );
  }
}
