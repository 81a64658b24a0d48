import type { Writable } from 'node:stream';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { UsageError } from '../src/management/errors';
import { dumpData, outputFile } from '../src/management/fixtures';
import { sinkStream } from '../src/management/output';
import { FIXTURE_FORMATS, type FixtureFormat } from '../src/orm/serializers';

const collect = (value: string, previous: string[]) => [...previous, value];

export default class Command extends BaseCommand {
  help = "Writes the rows of the project's models (or of some apps or models) as a fixture that loaddata reads.";
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[label...]', "apps ('blog') or models ('blog.Post') to dump; all installed apps by default")
      .option('--format <format>', `json (an array, Django's format) or jsonl (one object a line); default from the --output name, else json`)
      .option('--indent <spaces>', 'pretty-print json with this many spaces')
      .option('-e, --exclude <label>', "an app or model to leave out (repeatable)", collect, [])
      .option('--natural-foreign', 'write foreign keys and many-to-many members by natural key where their model has naturalKey()')
      .option('--natural-primary', 'leave out the primary key of objects whose model has naturalKey(); loaddata finds the row by its natural key')
      .option('-o, --output <file>', 'write to this file instead of standard output (gzipped when it ends in .gz)')
      .option('--database <alias>', 'the database to read', 'default');
  }

  async handle(options: CommandOptions): Promise<void> {
    const file: string | undefined = options.output;
    const format = (options.format ?? (file && /\.jsonl(\.gz)?$/.test(file) ? 'jsonl' : 'json')) as FixtureFormat;
    if (!FIXTURE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FIXTURE_FORMATS.join(', ')}, not '${options.format}'.`);
    let indent: number | undefined;
    if (options.indent !== undefined) {
      indent = Number(options.indent);
      if (!Number.isInteger(indent) || indent < 0 || indent > 10) throw new UsageError(`--indent takes a number of spaces from 0 to 10, not '${options.indent}'.`);
    }
    const target = file ? outputFile(file) : undefined;
    const output = target?.stream ?? (sinkStream(this.stdout.sink) as Writable);
    try {
      const count = await dumpData({ labels: options.label ?? [], excludes: options.exclude, database: options.database, format, indent, naturalForeign: Boolean(options.naturalForeign), naturalPrimary: Boolean(options.naturalPrimary), output });
      if (file && options.verbosity >= 1) this.stdout.write(`Dumped ${count} object(s) to ${file}.`, this.style.success);
    } catch (error) {
      // A reader that stopped early (dumpdata | head) is not an error of dumpdata's.
      if ((error as { code?: string }).code !== 'EPIPE') throw error;
    } finally {
      await target?.close();
    }
  }
}
