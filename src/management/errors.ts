// The management error catalogue. A CommandError prints as one line and sets the
// exit code: 1 for errors, 2 for usage, 3 when input is needed under --noinput
// (exitCodeOf maps any error to its exit code).
import { CommandError } from '../core/command-errors';
import { HyperError } from '../core/errors';

export { EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NEEDS_INPUT, CommandError, UsageError, NeedsInputError, exitCodeOf } from '../core/command-errors';

/** System checks found serious problems; the message is the whole report. */
export class SystemCheckError extends CommandError {
  constructor(report: string) {
    super(report, { code: 'HYPER_SYSTEM_CHECK' });
  }
}

/**
 * Puts the place a failure is about (a file) in front of its message. A catalogue
 * error is given back itself, so its class and code still say what failed; anything
 * else becomes a CommandError caused by it.
 */
export function atPlace(error: unknown, place: string): Error {
  if (error instanceof HyperError) {
    error.message = `${place}: ${error.message}`;
    return error;
  }
  return new CommandError(`${place}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
