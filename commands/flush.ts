import type prompts from 'prompts';
import { connections } from '../src/db';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError, NeedsInputError } from '../src/management/errors';
import { flushDatabase } from '../src/management/fixtures';

interface FlushOptions {
  database: string;
  noinput?: boolean;
}

export default class Command extends BaseCommand<FlushOptions> {
  help = "Deletes every row of the installed apps' tables (migrations stay applied) and runs what migrate runs after it, such as creating permissions.";

  addArguments(parser: CommandParser): void {
    parser.option('--database <alias>', 'the database to flush', 'default').option('--noinput', 'do not ask for confirmation');
  }

  async handle(options: CommandOptions<FlushOptions>): Promise<void> {
    const name = connections.get(options.database).config.alias;
    if (!options.noinput) {
      if (!(this.stdin as NodeJS.ReadStream).isTTY) throw new NeedsInputError(`flush deletes every row of database '${name}' and there is no terminal to confirm on; run it with --noinput.`);
      this.stdout.write(`This will DELETE ALL DATA in database '${name}': every table of the installed apps is emptied (applied migrations stay recorded).`);
      const { answer } = await (require('prompts') as typeof prompts)(
        { type: 'confirm', name: 'answer', message: 'Are you sure you want to do this?', initial: false, stdin: this.stdin as NodeJS.ReadStream, stdout: process.stdout },
        { onCancel: () => undefined },
      );
      if (!answer) throw new CommandError('Flush cancelled.');
    }
    const tables = await flushDatabase(options.database, { verbosity: options.verbosity });
    if (options.verbosity >= 1) this.stdout.write(`Flushed ${tables} table(s) of database '${name}'.`, this.style.success);
  }
}
