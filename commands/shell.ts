import * as path from 'node:path';
import { loadedSettings } from '../src/conf/settings';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { sinkStream } from '../src/management/output';
import { describeNamespace, runSnippet, shellNamespace, startRepl } from '../src/management/shell';

export default class Command extends BaseCommand {
  help = "A Node REPL with the project loaded: its models, settings, Q, F, the aggregates and atomic already imported; top-level await and TypeScript work.";
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .option('-c, --command <code>', 'run this code (TypeScript, top-level await allowed) and exit')
      .option('--no-imports', 'import nothing automatically')
      .option('--no-history', 'keep no history in .hyper/shell_history');
  }

  async handle(options: CommandOptions): Promise<void> {
    const projectRoot = loadedSettings().projectRoot;
    const namespace = shellNamespace({ imports: options.imports !== false });
    if (options.command !== undefined) {
      if (options.verbosity >= 2) this.stderr.write(describeNamespace(namespace, options.verbosity));
      await runSnippet(options.command, namespace.values, projectRoot);
      return;
    }
    if (options.verbosity >= 1) this.stdout.write(describeNamespace(namespace, options.verbosity));
    await startRepl({
      values: namespace.values,
      input: this.stdin,
      output: sinkStream(this.stdout.sink),
      historyFile: options.history === false ? null : path.join(projectRoot, '.hyper', 'shell_history'),
    });
  }
}

