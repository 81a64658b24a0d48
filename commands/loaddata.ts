import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { loadData } from '../src/management/fixtures';

const collect = (value: string, previous: string[]) => [...previous, value];

export default class Command extends BaseCommand {
  help = 'Loads fixtures (JSON or JSONL, optionally gzipped) into the database, all in one transaction.';

  addArguments(parser: CommandParser): void {
    parser
      .argument('<fixture...>', "fixture names ('initial', searched in each app's fixtures/ and FIXTURE_DIRS) or file paths")
      .option('--database <alias>', 'the database to load into', 'default')
      .option('--app <label>', 'only objects of this app (repeatable)', collect, [])
      .option('-e, --exclude <label>', 'skip objects of this app or model (repeatable)', collect, []);
  }

  async handle(options: CommandOptions): Promise<void> {
    const log = options.verbosity >= 2 ? (line: string) => this.stdout.write(line) : undefined;
    const result = await loadData(options.fixture, { database: options.database, verbosity: options.verbosity, appLabels: options.app, excludes: options.exclude, log });
    if (options.verbosity < 1) return;
    const files = `${result.files.length} fixture(s)`;
    if (result.objects === result.found) this.stdout.write(`Installed ${result.objects} object(s) from ${files}`);
    else this.stdout.write(`Installed ${result.objects} object(s) (of ${result.found}) from ${files}`);
  }
}
