// Running a command from code, as Django's call_command: output is captured unless
// streams are given, errors are thrown (CommandError carries the exit code).
import { CapturedOutput } from './output';
import { optionsToArgv, runFromArgv, type CommandIO } from './run-command';
import { resolveCommand } from './resolve-command';

export interface CommandResult {
  /** What the command's handle() returned. */
  value: unknown;
  stdout: string;
  stderr: string;
}

/**
 * `await callCommand('check', { deploy: true })` or `callCommand('check', ['--deploy'])`.
 * With an options object the system checks are skipped unless `skipChecks: false`,
 * as in Django; an argv list is taken as it is.
 */
export async function callCommand(
  name: string,
  args: readonly string[] | Record<string, unknown> = {},
  io: Partial<CommandIO> = {},
): Promise<CommandResult> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const streams: CommandIO = { stdout: io.stdout ?? stdout, stderr: io.stderr ?? stderr, stdin: io.stdin };
  const command = await resolveCommand(name);
  const argv = Array.isArray(args)
    ? (args as readonly string[])
    : optionsToArgv(command, { skipChecks: true, ...(args as Record<string, unknown>) }, streams);
  const value = await runFromArgv(command, argv, streams);
  return { value, stdout: stdout.text, stderr: stderr.text };
}
