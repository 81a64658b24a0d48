// Where commands come from: the framework's commands/ folder and each installed
// app's commands/ folder. An app's command overrides a built-in one of the same
// name, and the first app in INSTALLED_APPS wins a name, as in Django.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../apps/app-config';
import { ImproperlyConfigured } from '../core/errors';
import { displayPath } from '../core/display-path';
import { loadUserModule } from '../core/load-user-module';
import { isCommandClass, type BaseCommand } from './base-command';

export interface CommandEntry {
  name: string;
  /** 'hyperdjango' for built-in commands, else the app's label. */
  appLabel: string;
  file: string;
}

export const FRAMEWORK_LABEL = 'hyperdjango';
// src/management -> commands/ in a checkout; dist/src/management -> dist/commands when built.
const BUILTIN_DIR = path.resolve(__dirname, '..', '..', 'commands');
const COMMAND_FILE = /^([a-z][a-z0-9_-]*)\.(ts|js|cjs|mts|cts)$/;

/** The commands in a folder by name; files starting with '_' are helpers, not commands. */
export function commandFiles(dir: string, appLabel: string): CommandEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
  const entries = new Map<string, CommandEntry>();
  for (const file of names) {
    const match = COMMAND_FILE.exec(file);
    if (!match || file.endsWith('.d.ts') || entries.has(match[1])) continue;
    entries.set(match[1], { name: match[1], appLabel, file: path.join(dir, file) });
  }
  return [...entries.values()];
}

export function builtinCommands(): Map<string, CommandEntry> {
  return new Map(commandFiles(BUILTIN_DIR, FRAMEWORK_LABEL).map((entry) => [entry.name, entry]));
}

/** Every command the project can run, by name. */
export function commandCatalogue(appConfigs: readonly AppConfig[]): Map<string, CommandEntry> {
  const catalogue = builtinCommands();
  for (const config of [...appConfigs].reverse()) {
    for (const entry of commandFiles(path.join(config.path, 'commands'), config.label)) catalogue.set(entry.name, entry);
  }
  return catalogue;
}

/** Imports a command module and instantiates its command. */
export function loadCommand(entry: CommandEntry): BaseCommand {
  const exported = loadUserModule(entry.file) as { default?: unknown; Command?: unknown };
  const CommandClass = exported.default ?? exported.Command;
  if (!isCommandClass(CommandClass)) {
    throw new ImproperlyConfigured(
      `${displayPath(entry.file)}: a command module must \`export default class Command extends BaseCommand\` ` +
        `(from 'hyperdjango/management').`,
    );
  }
  const command = new CommandClass();
  command.name = entry.name;
  command.appLabel = entry.appLabel;
  return command;
}
