// `hyper`, `hyper --help` and `hyper help`: the commands grouped by the app that
// ships them. Only settings and apps.ts files are read: no command, model or server
// module is imported to print this.
import { apps } from '../apps/registry';
import { SettingsNotFound } from '../conf/locate';
import { builtinCommands, commandCatalogue, FRAMEWORK_LABEL } from './discovery';
import type { OutputWrapper, Style } from './output';
import { setupAppConfigs, type SetupOptions } from './setup';

export function printMainHelp(out: OutputWrapper, style: Style, options: SetupOptions & { namesOnly?: boolean }): void {
  let catalogue = builtinCommands();
  let note = '';
  try {
    setupAppConfigs(options);
    catalogue = commandCatalogue(apps.getAppConfigs());
  } catch (error) {
    if (!(error instanceof SettingsNotFound)) {
      note = `Only the framework's commands are listed: the project's settings could not be loaded (${(error as Error).message})`;
    }
  }
  if (options.namesOnly) {
    out.write([...catalogue.keys()].sort().join('\n'));
    return;
  }
  const byApp = new Map<string, string[]>();
  for (const entry of catalogue.values()) byApp.set(entry.appLabel, [...(byApp.get(entry.appLabel) ?? []), entry.name]);
  const labels = [...byApp.keys()].sort((a, b) => (a === FRAMEWORK_LABEL ? -1 : b === FRAMEWORK_LABEL ? 1 : a.localeCompare(b)));
  const lines = [
    'Usage: hyper <command> [options]',
    '',
    "Type 'hyper help <command>' for help on a specific command.",
    '',
    'Available commands:',
  ];
  for (const label of labels) {
    lines.push('', style.notice(`[${label}]`), ...byApp.get(label)!.sort().map((name) => `    ${name}`));
  }
  if (note) lines.push('', style.notice(note));
  out.write(lines.join('\n'));
}
