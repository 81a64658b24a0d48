// The base class of every management command, built-in or an app's:
//
//   export default class Command extends BaseCommand<{ dryRun?: boolean }> {
//     help = 'Publish all drafts';
//     addArguments(parser: CommandParser) { parser.option('--dry-run', 'only print what would change'); }
//     async handle(options: CommandOptions<{ dryRun?: boolean }>) { this.stdout.write('published 3', this.style.success); }
//   }
import type { Command as CommandParser } from 'commander';
import { makeStyle, OutputWrapper, type Style } from './output';

/** A command's argument parser: a commander Command (Django calls its parser CommandParser). */
export type { CommandParser };

/** Options every command takes. */
export interface StandardOptions {
  verbosity: number;
  settings?: string;
  traceback: boolean;
  /** False with --no-color. */
  color: boolean;
  forceColor: boolean;
  skipChecks: boolean;
}

/**
 * What handle() receives: the standard options and the command's own (O). A command
 * that names no type of its options gets commander's values, any by name: declare
 * them, `class Command extends BaseCommand<{ dryRun: boolean }>`, to have them checked.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- undeclared options are commander's values, any by name (see above)
export type CommandOptions<O extends object = Record<string, any>> = StandardOptions & O;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- undeclared options are commander's values, any by name (see above)
export abstract class BaseCommand<Options extends object = Record<string, any>> {
  /** One line shown by `hyper <command> --help`. */
  help = '';
  /** Checks to run before handle(): true for all, a list of tags, or false for none. */
  requiresSystemChecks: boolean | string[] = true;
  /** Tags of opt-in checks (registered with `{ optIn: true }`) this command runs too: the server commands list 'templates'. */
  checkTags: string[] = [];
  /** Whether the command needs the project's settings and apps (startproject does not). */
  requiresSettings = true;
  /**
   * Whether the apps are populated (models, checks imported) before handle(); false
   * loads only settings and apps.ts, and the command calls setupProject() itself
   * when it needs more (runserver's reloader must start even when models.ts is broken).
   */
  requiresApps = true;
  /**
   * Whether the command still starts when the project fails to load (a syntax error in
   * settings.ts): runserver's reloader shows the error and waits for the fix, as it
   * does for a later save. The failure is then in `projectError`.
   */
  survivesBrokenProject = false;
  projectError: unknown = undefined;

  /** Set when the command is loaded: its name and the label of the app that ships it. */
  name = '';
  appLabel = 'hyperdjango';

  stdout: OutputWrapper = new OutputWrapper(process.stdout);
  stderr: OutputWrapper = new OutputWrapper(process.stderr);
  style: Style = makeStyle(false);
  stdin: NodeJS.ReadableStream = process.stdin;

  /** Declares the command's own options and arguments on its commander parser. */
  addArguments(_parser: CommandParser): void {}

  /** Does the work. A returned string is printed; throw CommandError to fail with one line. */
  abstract handle(options: CommandOptions<Options>): unknown;
}

/** Whether a module's export is a command class (duck-typed: a project may load another copy of the framework). */
export function isCommandClass(value: unknown): value is new () => BaseCommand {
  return typeof value === 'function' && typeof (value as { prototype?: { handle?: unknown } }).prototype?.handle === 'function';
}
