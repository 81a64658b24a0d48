import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { UsageError } from '../src/management/errors';
import { loadData } from '../src/management/fixtures';
import { FIXTURE_FORMATS, type FixtureFormat } from '../src/orm/serializers';

const collect = (value: string, previous: string[]) => [...previous, value];

export default class Command extends BaseCommand {
  help = 'Loads fixtures (JSON or JSONL, optionally gzipped, or standard input) into the database, all in one transaction.';

  addArguments(parser: CommandParser): void {
    parser
      .argument('<fixture...>', "fixture names ('initial', searched in each app's fixtures/ and FIXTURE_DIRS), file paths, or - for standard input")
      .option('--database <alias>', 'the database to load into', 'default')
      .option('--app <label>', 'only objects of this app (repeatable)', collect, [])
      .option('-e, --exclude <label>', 'skip objects of this app or model (repeatable)', collect, [])
      .option('-i, --ignorenonexistent', 'skip fields and models that no longer exist instead of failing')
      .option('--format <format>', `the format of standard input (-): ${FIXTURE_FORMATS.join(' or ')}`);
  }

  async handle(options: CommandOptions): Promise<void> {
    const format = options.format as FixtureFormat | undefined;
    if (format !== undefined && !FIXTURE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FIXTURE_FORMATS.join(', ')}, not '${format}'.`);
    const log = options.verbosity >= 2 ? (line: string) => this.stdout.write(line) : undefined;
    const result = await loadData(options.fixture, {
      database: options.database,
      verbosity: options.verbosity,
      appLabels: options.app,
      excludes: options.exclude,
      ignoreNonexistent: Boolean(options.ignorenonexistent),
      stdin: this.stdin,
      stdinFormat: format,
      log,
    });
    if (options.verbosity < 1) return;
    const files = `${result.files.length} fixture(s)`;
    if (result.objects === result.found) this.stdout.write(`Installed ${result.objects} object(s) from ${files}`);
    else this.stdout.write(`Installed ${result.objects} object(s) (of ${result.found}) from ${files}`);
  }
}
