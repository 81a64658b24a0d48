// The management error catalogue. A CommandError prints as one line and sets the
// exit code: 1 for errors, 2 for usage, 3 when input is needed under --noinput
// (exitCodeOf maps any error to its exit code).
import { CommandError } from '../core/command-errors';

export { EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NEEDS_INPUT, CommandError, UsageError, NeedsInputError, exitCodeOf } from '../core/command-errors';

/** System checks found serious problems; the message is the whole report. */
export class SystemCheckError extends CommandError {
  constructor(report: string) {
    super(report, { code: 'HYPER_SYSTEM_CHECK' });
  }
}
