import { apps } from '../src/apps/registry';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { projectMigrations, requireAppWithMigrations } from '../src/orm/migrations/project-migrations';

export default class Command extends BaseCommand {
  help = 'Lists the migrations of each app and whether each is applied.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[app...]', 'only these apps')
      .option('--database <alias>', 'the database to look at', 'default')
      .option('-l, --list', 'per app, [X] when applied (the default)')
      .option('-p, --plan', 'in the order migrate would apply them');
  }

  async handle(options: CommandOptions): Promise<void> {
    const { graph, applied } = await projectMigrations(options.database);
    const wanted: string[] = options.app ?? [];
    for (const app of wanted) requireAppWithMigrations(graph, app);
    const mark = (key: string) => (applied.has(key) ? '[X]' : '[ ]');
    if (options.plan) {
      const order = graph.order().filter((key) => !wanted.length || wanted.includes(graph.nodes.get(key)!.app));
      if (!order.length) this.stdout.write('(no migrations)', this.style.error);
      for (const key of order) this.stdout.write(`${mark(key)}  ${key}`);
      return;
    }
    const labels = wanted.length ? wanted : apps.getAppConfigs().map((config) => config.label).sort();
    for (const app of labels) {
      this.stdout.write(app, this.style.migrateLabel);
      const keys = graph.order().filter((key) => graph.nodes.get(key)!.app === app);
      if (!keys.length) this.stdout.write(' (no migrations)', this.style.error);
      for (const key of keys) {
        const migration = graph.nodes.get(key)!;
        const squashed = migration.replaces.length ? ` (${migration.replaces.length} squashed migrations)` : '';
        this.stdout.write(` ${mark(key)} ${migration.name}${squashed}`);
      }
    }
  }
}
