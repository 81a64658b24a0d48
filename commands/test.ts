import { InvalidArgumentError } from 'commander';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError, UsageError } from '../src/management/errors';
import { runTests } from '../src/test-runner/runner';
import { watchTests } from '../src/test-runner/watch';

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('Give a number of processes, 1 or more.');
  return Number(value);
}

export default class Command extends BaseCommand {
  help = "Runs the project apps' tests (tests/**/*.test.ts and tests.ts) on fresh test databases.";

  addArguments(parser: CommandParser): void {
    parser
      .argument('[label...]', "what to run: an app ('blog'), a file or folder ('blog/tests/views.test.ts'), a class or method ('blog.PostTests.testTitle'); default all")
      .option('-k, --filter <pattern>', 'only tests whose name matches this regular expression')
      .option('--failfast', 'stop at the first failure')
      .option('--parallel <n>', 'run the test files in this many processes, each on databases of its own', positiveInteger, 1)
      .option('--keepdb', 'keep the test databases between runs (migrations still applied)')
      .option('--noinput', 'never ask: a test database left by an earlier run is replaced')
      .option('--watch', 'run again when a file changes: the changed test file, or all after other changes');
  }

  async handle(options: CommandOptions): Promise<void> {
    if (options.filter !== undefined) {
      try {
        new RegExp(options.filter);
      } catch (error) {
        throw new UsageError(`--filter '${options.filter}' is not a valid regular expression: ${(error as Error).message}.`);
      }
    }
    const run = {
      labels: options.label as string[],
      failfast: Boolean(options.failfast),
      parallel: options.parallel as number,
      keepdb: Boolean(options.keepdb),
      noinput: Boolean(options.noinput),
      verbosity: options.verbosity,
      pattern: options.filter as string | undefined,
      settings: options.settings,
      stdout: this.stdout,
      style: this.style,
    };
    if (options.watch) return watchTests(run);
    const result = await runTests(run);
    // The summary said it all: exit 1 without another line.
    if (result.failed || result.crashed) throw new CommandError('');
  }
}
