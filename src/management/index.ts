// src/management: commands and the `hyper` CLI: BaseCommand, discovery of built-in
// and app commands, callCommand(), output styles, and the error catalogue that maps
// failures to exit codes.
export { BaseCommand, isCommandClass } from './base-command';
export type { CommandOptions, CommandParser, StandardOptions } from './base-command';
export { CommandError, UsageError, NeedsInputError, SystemCheckError } from './errors';
export { EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NEEDS_INPUT, exitCodeOf } from './errors';
export { callCommand } from './call-command';
export type { CommandResult } from './call-command';
export { builtinCommands, commandCatalogue, loadCommand, FRAMEWORK_LABEL } from './discovery';
export type { CommandEntry } from './discovery';
export { collect, createParser, execute, runFromArgv, optionsToArgv } from './run-command';
export type { CommandIO } from './run-command';
export { CapturedOutput, OutputWrapper, makeStyle, shouldColour } from './output';
export type { Style, StyleFunction, TextSink } from './output';
export { collectChecks, formatCheckReport, runSystemChecks } from './system-checks';
export { setupProject, setupAppConfigs } from './setup';
export { installFramework } from './wiring';
export { main } from './cli';
export { loadFixtures, loadData, dumpData, flushDatabase } from './fixtures';
export type { LoadOptions, LoadResult, DumpOptions } from './fixtures';
