// Compile-time shape of BaseCommand<Options> (checked by `npm run typecheck`): a
// command that declares its options has them checked in handle(), with the standard
// options beside them; one that declares none still takes any option by name.
import { BaseCommand, type CommandOptions, type CommandParser } from '../../src/management';

interface PublishOptions {
  dryRun?: boolean;
  limit: string;
}

class Publish extends BaseCommand<PublishOptions> {
  addArguments(parser: CommandParser): void {
    parser.option('--dry-run').option('--limit <n>', 'how many', '10');
  }
  handle(options: CommandOptions<PublishOptions>): string {
    const verbose: boolean = options.verbosity > 1;
    const limit: number = Number(options.limit);
    // @ts-expect-error a misspelt option
    const typo = options.dryrun;
    // @ts-expect-error limit is a string, as commander gives it
    const wrong: number = options.limit;
    return `${verbose}${limit}${options.dryRun === true}${String(typo)}${wrong}`;
  }
}

class Untyped extends BaseCommand {
  handle(options: CommandOptions): string {
    return String(options.anything);
  }
}

class Mismatched extends BaseCommand<PublishOptions> {
  // @ts-expect-error handle() must take the options the command declares
  handle(options: CommandOptions<{ limit: number }>): number {
    return options.limit;
  }
}

it('types command options (see npm run typecheck)', () => {
  const commands: BaseCommand[] = [new Publish(), new Untyped(), new Mismatched()];
  expect(commands.map((command) => command.constructor.name)).toEqual(['Publish', 'Untyped', 'Mismatched']);
});
