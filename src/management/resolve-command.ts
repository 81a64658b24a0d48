// From a command name to a loaded command, setting the project up only when the
// command needs it (startproject and version run anywhere).
import { apps } from '../apps/registry';
import { SettingsNotFound } from '../conf/locate';
import { didYouMean } from '../core/suggest';
import type { BaseCommand } from './base-command';
import { builtinCommands, commandCatalogue, loadCommand } from './discovery';
import { UsageError } from './errors';
import { setupAppConfigs, setupProject, type SetupOptions } from './setup';

export async function resolveCommand(name: string, options: SetupOptions = {}): Promise<BaseCommand> {
  const builtins = builtinCommands();
  const builtin = builtins.get(name);
  let builtinCommand: BaseCommand | undefined;
  if (builtin) {
    builtinCommand = loadCommand(builtin);
    if (!builtinCommand.requiresSettings) return builtinCommand;
  }
  try {
    if (builtinCommand && !builtinCommand.requiresApps) setupAppConfigs(options);
    else await setupProject(options);
  } catch (error) {
    // Outside any project an unknown name is a typo of a built-in command; any
    // other failure (broken settings, a missing app) is the real problem to show.
    if (!builtin && error instanceof SettingsNotFound) throw unknownCommand(name, builtins.keys());
    if (builtinCommand?.survivesBrokenProject && !(error instanceof SettingsNotFound)) {
      builtinCommand.projectError = error;
      return builtinCommand;
    }
    throw error;
  }
  const catalogue = commandCatalogue(apps.getAppConfigs());
  const entry = catalogue.get(name);
  if (!entry) throw unknownCommand(name, catalogue.keys());
  if (builtin && entry.file === builtin.file) return builtinCommand!;
  await setupProject(options); // an app's command of the same name: the apps as usual
  return loadCommand(entry);
}

function unknownCommand(name: string, known: Iterable<string>): UsageError {
  return new UsageError(`Unknown command: '${name}'.${didYouMean(name, known)} Type 'hyper help' for the list of commands.`);
}
