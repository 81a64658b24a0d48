import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../src/apps/registry';
import { displayPath } from '../src/core/display-path';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { atPlace, CommandError } from '../src/management/errors';
import { collect } from '../src/management/run-command';
import { runSystemChecks } from '../src/management/system-checks';
import { arrangeMigrations, keepApps, type PlannedMigration } from '../src/orm/migrations/arrange';
import { detectChanges } from '../src/orm/migrations/autodetector';
import { withoutPendingChangesCheck } from '../src/orm/migrations/checks';
import { migrationsDir } from '../src/orm/migrations/loader';
import { migrationName, nextNumber, validName } from '../src/orm/migrations/naming';
import type { Operation } from '../src/orm/migrations/operations/operation';
import { describeRisks } from '../src/orm/migrations/data-at-risk';
import { loadProjectMigrations, riskyOperations } from '../src/orm/migrations/project-changes';
import { MigrationQuestioner, parseAnswers, SILENT_QUESTIONER, terminalPrompter, type Prompter } from '../src/orm/migrations/questioner';
import { writeMigration } from '../src/orm/migrations/writer';

const SYMBOL: Record<string, string> = {
  CreateModel: '+', AddField: '+', AddIndex: '+', AddConstraint: '+',
  DeleteModel: '-', RemoveField: '-', RemoveIndex: '-', RemoveConstraint: '-',
  RunSQL: 's', RunCode: 'c',
};

export function describeOperation(operation: Operation): string {
  return `${SYMBOL[operation.operationName] ?? '~'} ${operation.describe()}`;
}

export default class Command extends BaseCommand {
  help = 'Creates new migrations from the changes of the models.';
  // The checks run in handle(), without the one that reports the changes this command is about to write.
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[app...]', 'only these apps (default: all)')
      .option('--dry-run', 'show what would be written, write nothing (-v 3 prints the files)')
      .option('--check', 'exit with status 1 when model changes have no migration; write nothing')
      .option('-n, --name <name>', 'the name of the migration, after its number')
      .option('--empty', 'write an empty migration for the apps (for RunSQL/RunCode by hand)')
      .option('--merge', 'write a migration that merges the leaves of an app with conflicting migrations')
      .option('--noinput', 'ask nothing: a question not answered by --rename/--default stops with exit code 3')
      .option('--no-input', 'the same as --noinput')
      .option('--scriptable', 'print only the paths of created files on stdout; the rest goes to stderr')
      .option('--rename <answer>', 'answer a rename question: app.Model.field=newName or app.Model=NewName (empty after = for no; repeatable)', collect)
      .option('--default <answer>', "a one-off default for a new NOT NULL field: app.Model.field=<JS literal>, e.g. blog.Post.slug=\"''\" (repeatable)", collect);
  }

  private get log() {
    return this.scriptable ? this.stderr : this.stdout;
  }
  private scriptable = false;

  async handle(options: CommandOptions): Promise<void> {
    this.scriptable = Boolean(options.scriptable);
    const noinput = Boolean(options.noinput) || options.input === false;
    const labels: string[] = options.app ?? [];
    for (const label of labels) {
      if (!apps.getAppConfigs().some((config) => config.label === label)) throw new CommandError(`No installed app with label '${label}'. Check INSTALLED_APPS.`);
    }
    if (options.name !== undefined && !validName(options.name)) throw new CommandError(`The migration name '${options.name}' must hold only letters, digits and underscores.`);
    if (!options.skipChecks) {
      await withoutPendingChangesCheck(() => runSystemChecks({}, { stdout: this.log, stderr: this.stderr, style: this.style }));
    }
    const answers = parseAnswers(options.rename, options.default);
    const { graph, from, to } = loadProjectMigrations();

    const conflicts = [...graph.conflicts()].filter(([app]) => !labels.length || labels.includes(app));
    if (options.merge) return this.merge(conflicts, options);
    if (conflicts.length) {
      const list = conflicts.map(([app, leaves]) => `${leaves.map((key) => key.slice(app.length + 1)).join(', ')} in ${app}`).join('; ');
      throw new CommandError(`Conflicting migrations detected; several leaves in the migration graph: (${list}). To fix them run \`hyper makemigrations --merge\`.`);
    }

    if (options.empty) {
      if (!labels.length) throw new CommandError('--empty needs the apps to write an empty migration for: hyper makemigrations --empty blog.');
      const planned = labels.map((app): PlannedMigration => {
        const names = graph.names(app);
        const leaf = graph.leaves(app)[0];
        return { app, name: migrationName(nextNumber(names), options.name ?? (names.length ? 'empty' : 'initial')), dependencies: leaf ? [[app, leaf.slice(app.length + 1)]] : [], operations: [], initial: !names.length };
      });
      return this.write(planned, options);
    }

    // --check only tells whether anything changed: a rename or a default changes nothing to that, so it asks nothing.
    const questioner = options.check ? SILENT_QUESTIONER : new MigrationQuestioner(answers, this.prompter(noinput));
    const changes = await detectChanges(from, to, questioner);
    // The framework's own apps ship their migrations: never write into the installed package.
    for (const config of apps.getAppConfigs()) if (config.name.startsWith('hyperdjango.')) changes.byApp.delete(config.label);
    let planned = arrangeMigrations(changes.byApp, graph, { name: options.name });
    if (labels.length) planned = keepApps(planned, labels);
    if (!planned.length) {
      if (options.verbosity < 1) return;
      this.log.write(labels.length === 1 ? `No changes detected in app '${labels[0]}'` : labels.length ? `No changes detected in apps '${labels.join("', '")}'` : 'No changes detected');
      return;
    }
    if (options.check) {
      this.describe(planned, options);
      throw new CommandError('Your models have changes that are not yet reflected in a migration: run `hyper makemigrations`.');
    }
    const replayed = from.clone();
    const existing = new Set(from.models.keys());
    const risks = planned.flatMap((migration) => riskyOperations(migration.app, migration.operations, replayed, existing));
    for (const warning of await describeRisks(risks)) this.stderr.write(`Warning: ${warning}`, this.style.warning);
    this.write(planned, options);
  }

  /** A terminal to ask on; none under --noinput, or when stdin is not a terminal (a closed pipe would end the run silently). */
  private prompter(noinput: boolean): Prompter | undefined {
    if (noinput || !(this.stdin as NodeJS.ReadStream).isTTY) return undefined;
    return terminalPrompter(this.stdin, this.scriptable ? process.stderr : process.stdout);
  }

  private fileOf(migration: { app: string; name: string }): string {
    return path.join(migrationsDir(apps.getAppConfig(migration.app)), `${migration.name}.ts`);
  }

  private describe(planned: PlannedMigration[], options: CommandOptions): void {
    for (const app of [...new Set(planned.map((migration) => migration.app))]) {
      this.log.write(`Migrations for '${app}':`, this.style.migrateHeading);
      for (const migration of planned.filter((candidate) => candidate.app === app)) {
        this.log.write(`  ${displayPath(this.fileOf(migration))}`, this.style.migrateLabel);
        for (const operation of migration.operations) this.log.write(`    ${describeOperation(operation)}`);
        if (options.dryRun && options.verbosity >= 3) this.log.write(this.text(migration));
      }
    }
  }

  /** The file's text; what it cannot hold (a default function it cannot import) is a one-line error. */
  private text(migration: PlannedMigration): string {
    try {
      return writeMigration(migration, { dir: path.dirname(this.fileOf(migration)) });
    } catch (error) {
      throw atPlace(error, displayPath(this.fileOf(migration)));
    }
  }

  private write(planned: PlannedMigration[], options: CommandOptions): void {
    // Every text first: a migration that cannot be written leaves none written.
    const texts = planned.map((migration) => this.text(migration));
    if (options.verbosity >= 1 || options.dryRun || options.check) this.describe(planned, options);
    if (options.dryRun) return;
    for (const [index, migration] of planned.entries()) {
      const file = this.fileOf(migration);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (fs.existsSync(file)) throw new CommandError(`${displayPath(file)} already exists; choose another --name.`);
      fs.writeFileSync(file, texts[index]);
      if (this.scriptable) this.stdout.write(file);
    }
  }

  private merge(conflicts: Array<[string, string[]]>, options: CommandOptions): void {
    if (!conflicts.length) {
      this.log.write('No conflicts detected to merge.');
      return;
    }
    const { graph } = loadProjectMigrations();
    const planned = conflicts.map(([app, leaves]): PlannedMigration => {
      const names = graph.names(app);
      const leafNames = leaves.map((key) => key.slice(app.length + 1));
      const joined = `merge_${leafNames.join('_')}`;
      const suffix = options.name ?? (joined.length <= 50 ? joined : 'merge');
      return { app, name: migrationName(nextNumber(names), suffix), dependencies: leafNames.map((name) => [app, name] as const), operations: [], initial: false };
    });
    this.write(planned, options);
  }
}
