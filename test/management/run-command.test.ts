import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { BaseCommand, type CommandOptions, type CommandParser } from '../../src/management/base-command';
import { SystemCheckError, UsageError } from '../../src/management/errors';
import { CapturedOutput } from '../../src/management/output';
import { collect, optionsToArgv, runFromArgv } from '../../src/management/run-command';

class GreetCommand extends BaseCommand {
  help = 'Greets people.';
  received: CommandOptions | undefined;

  addArguments(parser: CommandParser): void {
    parser
      .argument('<who>', 'whom to greet')
      .argument('[others...]', 'more people')
      .option('--shout', 'upper case')
      .option('--times <n>', 'how many times', Number, 1)
      .option('-t, --tag <tag>', 'repeatable', collect)
      .option('--no-newline', 'no trailing newline');
  }

  handle(options: CommandOptions): string {
    this.received = options;
    const text = `hello ${[options.who, ...options.others].join(' and ')}`;
    return (options.shout ? text.toUpperCase() : text).repeat(options.times);
  }
}

function io() {
  return { stdout: new CapturedOutput(), stderr: new CapturedOutput() };
}

function command(): GreetCommand {
  const greet = new GreetCommand();
  greet.name = 'greet';
  return greet;
}

beforeEach(() => {
  resetSettings();
  apps.reset();
  configure({ SECRET_KEY: 'k'.repeat(60) });
});

describe('runFromArgv', () => {
  it('parses arguments and options into camelCase names, prints a returned string', async () => {
    const streams = io();
    const greet = command();
    await runFromArgv(greet, ['ann', 'bob', 'cy', '--shout', '--tag', 'a', '-t', 'b', '-v', '2', '--no-newline'], streams);
    expect(streams.stdout.text).toBe('HELLO ANN AND BOB AND CY\n');
    expect(greet.received).toMatchObject({ who: 'ann', others: ['bob', 'cy'], tag: ['a', 'b'], verbosity: 2, newline: false, color: true });
  });

  it('reports an unknown option as a usage error (exit code 2) naming the help command', async () => {
    const failure = runFromArgv(command(), ['ann', '--bogus'], io());
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(runFromArgv(command(), ['ann', '--bogus'], io())).rejects.toThrow(/unknown option '--bogus' \(see `hyper greet --help`\)/);
    await expect(runFromArgv(command(), [], io())).rejects.toMatchObject({ exitCode: 2 });
  });

  it('rejects a verbosity outside 0-3', async () => {
    await expect(runFromArgv(command(), ['ann', '-v', '7'], io())).rejects.toThrow(/Allowed choices are 0, 1, 2, 3/);
  });

  it('prints help to stdout for --help and does not run the command', async () => {
    const streams = io();
    const greet = command();
    await runFromArgv(greet, ['--help'], streams);
    expect(streams.stdout.text).toContain('Usage: hyper greet [options] <who> [others...]');
    expect(streams.stdout.text).toContain('Greets people.');
    expect(streams.stdout.text).toContain('--skip-checks');
    expect(greet.received).toBeUndefined();
  });

  it('runs the system checks first and stops on an error', async () => {
    configure({ SECRET_KEY: '' });
    const greet = command();
    const failure = runFromArgv(greet, ['ann'], io());
    await expect(failure).rejects.toBeInstanceOf(SystemCheckError);
    await expect(runFromArgv(greet, ['ann'], io())).rejects.toThrow(/\(settings\.E001\) The SECRET_KEY setting must not be empty/);
    expect(greet.received).toBeUndefined();
    await runFromArgv(greet, ['ann', '--skip-checks'], io());
    expect(greet.received?.who).toBe('ann');
  });

  it('prints warnings from the checks to stderr and goes on', async () => {
    configure({ SECRET_KEY: 'k'.repeat(60), INSTALED_APPS: [] });
    const streams = io();
    await runFromArgv(command(), ['ann'], streams);
    expect(streams.stderr.text).toContain("(settings.W001) Unknown setting 'INSTALED_APPS'.");
    expect(streams.stdout.text).toBe('hello ann\n');
  });
});

describe('optionsToArgv', () => {
  it('turns an options object into the argv that means it', () => {
    const argv = optionsToArgv(command(), { who: 'ann', others: ['bob'], shout: true, times: 2, tag: ['x', 'y'], newline: false }, io());
    expect(argv).toEqual(['ann', 'bob', '--shout', '--times', '2', '--tag', 'x', '--tag', 'y', '--no-newline']);
  });

  it('names the valid options when given an unknown one', () => {
    expect(() => optionsToArgv(command(), { shuot: true }, io())).toThrow(/Unknown option 'shuot' for the greet command\. Valid options: who, others, verbosity/);
  });
});
