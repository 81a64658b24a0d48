// Running one command: build its commander parser (standard options first, then the
// command's own), parse, run the system checks it asks for, call handle().
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { InvalidArgument } from '../core/errors';
import type { BaseCommand, CommandOptions } from './base-command';
import { UsageError } from './errors';
import { makeStyle, OutputWrapper, shouldColour } from './output';

export type { CommandIO } from './output';
import type { CommandIO } from './output';

export { processIO } from './output';

function verbosity(value: string): number {
  if (!/^[0-3]$/.test(value)) throw new InvalidArgumentError('Allowed choices are 0, 1, 2, 3.');
  return Number(value);
}

/** Repeatable options (`--tag a --tag b`) collect into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function createParser(command: BaseCommand, io: CommandIO): Command {
  const parser = new Command(`hyper ${command.name}`)
    .description(command.help)
    .addOption(new Option('-v, --verbosity <level>', 'verbosity: 0 minimal, 1 normal, 2 verbose, 3 very verbose').default(1).argParser(verbosity))
    .option('--settings <module>', "the settings module (else HYPER_SETTINGS_MODULE, else package.json's \"hyper\".settings)")
    .option('--traceback', 'print the stack trace of an error')
    .option('--no-color', 'never colour the output')
    .option('--force-color', 'colour the output even when it is not a terminal')
    .option('--skip-checks', 'skip the system checks');
  command.addArguments(parser);
  parser
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are reported by the CLI as one line, with the exit code 2.
      outputError: () => {},
    });
  return parser;
}

const camelCase = (name: string) => name.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parsedOptions(parser: Command): CommandOptions {
  const options = { ...parser.opts() } as CommandOptions;
  parser.registeredArguments.forEach((argument, index) => {
    options[camelCase(argument.name())] = parser.processedArgs[index];
  });
  return options;
}

/** Parses argv for the command and runs it. Returns what handle() returned. */
export async function runFromArgv(command: BaseCommand, argv: readonly string[], io: CommandIO): Promise<unknown> {
  const parser = createParser(command, io);
  try {
    parser.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return undefined; // --help
      throw new UsageError(`${error.message.replace(/^error: /, '')} (see \`hyper ${command.name} --help\`)`);
    }
    throw error;
  }
  return execute(command, parsedOptions(parser), io);
}

export async function execute(command: BaseCommand, options: CommandOptions, io: CommandIO): Promise<unknown> {
  const colours = { noColor: options.color === false, forceColor: options.forceColor };
  command.style = makeStyle(shouldColour(io.stdout, colours));
  const errorStyle = makeStyle(shouldColour(io.stderr, colours));
  command.stdout = new OutputWrapper(io.stdout);
  command.stderr = new OutputWrapper(io.stderr, errorStyle.error);
  if (io.stdin) command.stdin = io.stdin;

  // As Django: true runs every check, a list of tags those checks, an empty list none.
  const wanted = command.requiresSystemChecks;
  if (wanted !== false && !(Array.isArray(wanted) && wanted.length === 0) && !options.skipChecks) {
    const tags = Array.isArray(wanted) ? wanted : undefined;
    // Loaded only now: the system checks import every layer's checks (templates, URLs, models).
    const { runSystemChecks } = require('./system-checks') as typeof import('./system-checks');
    await runSystemChecks({ tags, includeOptIn: command.checkTags }, { stdout: command.stdout, stderr: command.stderr, style: errorStyle });
  }
  const result = await command.handle(options);
  if (typeof result === 'string' && result !== '') command.stdout.write(result);
  return result;
}

/**
 * Turns an options object ({ deploy: true, tag: ['security'], app: ['blog'] }) into
 * the argv that means it, so callCommand() goes through the same parsing and
 * validation as the command line.
 */
export function optionsToArgv(command: BaseCommand, options: Record<string, unknown>, io: CommandIO): string[] {
  const parser = createParser(command, io);
  const flags: string[] = [];
  const positional: unknown[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const argumentIndex = parser.registeredArguments.findIndex((argument) => camelCase(argument.name()) === key);
    if (argumentIndex !== -1) {
      positional[argumentIndex] = value;
      continue;
    }
    const option = parser.options.find((candidate) => candidate.attributeName() === key);
    if (!option) {
      const known = [
        ...parser.registeredArguments.map((argument) => camelCase(argument.name())),
        ...parser.options.map((candidate) => candidate.attributeName()),
      ];
      throw new InvalidArgument('HYPER_COMMAND_UNKNOWN_OPTION', `Unknown option '${key}' for the ${command.name} command. Valid options: ${known.join(', ')}.`);
    }
    const flag = option.long ?? option.short!;
    if (option.negate) {
      if (value === false) flags.push(flag);
    } else if (!option.required && !option.optional) {
      if (value) flags.push(flag);
    } else {
      for (const item of Array.isArray(value) ? value : [value]) flags.push(flag, String(item));
    }
  }
  const args = positional.flatMap((value) => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]));
  return [...args, ...flags];
}
