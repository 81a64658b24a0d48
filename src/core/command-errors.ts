// The errors a command ends with, here at the bottom because code below the management
// layer ends commands too: the migration questioner (an answer needed under --noinput)
// and the auth prompter (a cancelled prompt). src/management/errors.ts re-exports them
// as part of its catalogue. A CommandError prints as one line and sets the exit code:
// 1 for errors, 2 for usage, 3 when input is needed under --noinput; exitCodeOf() is
// the one place that maps an error to the exit code `hyper` ends with.
import { HyperError } from './errors';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_NEEDS_INPUT = 3;

export class CommandError extends HyperError {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; code?: string; cause?: unknown } = {}) {
    super(options.code ?? 'HYPER_COMMAND_ERROR', message, { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT_ERROR;
  }
}

/** The command line itself is wrong: an unknown command or option, a missing argument. */
export class UsageError extends CommandError {
  constructor(message: string) {
    super(message, { exitCode: EXIT_USAGE, code: 'HYPER_USAGE' });
  }
}

/** A question must be answered but --noinput forbids asking; the message names it. */
export class NeedsInputError extends CommandError {
  constructor(message: string) {
    super(message, { exitCode: EXIT_NEEDS_INPUT, code: 'HYPER_NEEDS_INPUT' });
  }
}

/**
 * The exit code `hyper` ends with for an error: a CommandError's own (2 for a
 * UsageError, 3 for a NeedsInputError, 1 unless the command chose another), and 1 for
 * any other error, a catalogue error (ImproperlyConfigured, MigrationError ...) or not.
 * So a command lets the framework's errors through as they are, class and code
 * intact, rather than wrapping them in a CommandError for the exit code.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommandError) return error.exitCode;
  return EXIT_ERROR;
}
