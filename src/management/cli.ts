// The `hyper` program: dispatch to a command, report errors as one line with the
// right exit code (a stack only with --traceback).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HyperError, UserCodeError } from '../core/errors';
import { displayPath } from '../core/display-path';
import { frameworkRoot, frameworkVersion } from '../core/framework-root';
import { runShutdownHooks } from '../core/shutdown';
import { userFrame } from '../core/user-frame';
import { CommandError, EXIT_OK, exitCodeOf, UsageError } from './errors';
import { printMainHelp } from './main-help';
import { makeStyle, OutputWrapper, processIO, shouldColour, type CommandIO, type Style } from './output';

interface GlobalFlags {
  settings?: string;
  traceback: boolean;
  noColor: boolean;
  forceColor: boolean;
}

/** The few options that matter before the command's own parser runs. */
function peekFlags(argv: readonly string[]): GlobalFlags {
  const flags: GlobalFlags = { traceback: false, noColor: false, forceColor: false };
  argv.forEach((arg, index) => {
    if (arg === '--traceback') flags.traceback = true;
    else if (arg === '--no-color') flags.noColor = true;
    else if (arg === '--force-color') flags.forceColor = true;
    else if (arg === '--settings') flags.settings = argv[index + 1];
    else if (arg.startsWith('--settings=')) flags.settings = arg.slice('--settings='.length);
  });
  return flags;
}

/** `onError` sees the error a failed command reported (runserver's child serves it). */
export async function main(argv: readonly string[] = process.argv.slice(2), io: CommandIO = processIO(), onError?: (error: unknown) => void): Promise<number> {
  const local = localFramework();
  if (local) return (require(local) as { main: typeof main }).main(argv, io, onError);

  const flags = peekFlags(argv);
  const stdoutStyle = makeStyle(shouldColour(io.stdout, flags));
  const stderrStyle = makeStyle(shouldColour(io.stderr, flags));
  try {
    await dispatch(argv, io, flags, stdoutStyle);
    return EXIT_OK;
  } catch (error) {
    onError?.(error);
    return reportError(error, new OutputWrapper(io.stderr), stderrStyle, flags.traceback);
  } finally {
    await runShutdownHooks();
  }
}

async function dispatch(argv: readonly string[], io: CommandIO, flags: GlobalFlags, style: Style): Promise<void> {
  const [name, ...rest] = argv;
  const out = new OutputWrapper(io.stdout);
  if (name === undefined || name === '-h' || name === '--help') return printMainHelp(out, style, flags);
  if (name === '--version' || name === '-V') return out.write(frameworkVersion());
  if (name === 'help') {
    if (rest[0] === '--commands') return printMainHelp(out, style, { ...flags, namesOnly: true });
    if (rest[0] === undefined || rest[0].startsWith('-')) return printMainHelp(out, style, flags);
    return dispatch([rest[0], '--help'], io, flags, style);
  }
  if (name.startsWith('-')) throw new UsageError(`'${name}' must follow a command: hyper <command> [options]. Type 'hyper help' for the list of commands.`);
  // Loaded only to run a command: `hyper --help` stays light.
  const { resolveCommand } = require('./resolve-command') as typeof import('./resolve-command');
  const { runFromArgv } = require('./run-command') as typeof import('./run-command');
  const command = await resolveCommand(name, { settings: flags.settings });
  await runFromArgv(command, rest, io);
}

function reportError(error: unknown, stderr: OutputWrapper, style: Style, traceback: boolean): number {
  const exitCode = exitCodeOf(error);
  // The command has said why already (hyper test's summary of failures).
  if (error instanceof CommandError && error.message === '') return exitCode;
  if (traceback) {
    stderr.write(stackOf(error));
    return exitCode;
  }
  const name = error instanceof Error ? error.name : 'Error';
  if (error instanceof HyperError) {
    stderr.write(style.error(`${name}: ${error.message}`));
    return exitCode;
  }
  // An unexpected error, most often in a project's own code: say where, not how we got there.
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const frame = userFrame(error);
  const where = frame ? ` (${displayPath(frame.file)}:${frame.line}:${frame.column})` : '';
  stderr.write(style.error(`${name}: ${message}${where}. Run with --traceback for the stack trace.`));
  return exitCode;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current !== undefined; current = (current as { cause?: unknown }).cause) {
    parts.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    if (!(current instanceof Error) || parts.length > 5) break;
    if (current instanceof UserCodeError && current.cause === undefined) break;
  }
  return parts.join('\nCaused by: ');
}

/**
 * The CLI of the project's own copy of the framework, when `hyper` was started from
 * another copy (a global install, a checkout): a project's code and the CLI must share
 * one framework instance, or its settings and registries would be two.
 */
function localFramework(): string | undefined {
  // Walked by hand: require.resolve('hyperdjango/...') from inside the framework
  // resolves to the framework itself (package self-reference), whatever `paths` says.
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'hyperdjango');
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      const localRoot = fs.realpathSync(candidate);
      if (localRoot === fs.realpathSync(frameworkRoot())) return undefined;
      const cli = path.join(localRoot, 'dist', 'src', 'management', 'cli.js');
      return fs.existsSync(cli) ? cli : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
