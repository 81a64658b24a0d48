// Checks of the commands apps ship (tag 'apps'): a command that cannot load would
// otherwise fail only when someone runs it, and a misnamed file is never found.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../apps/registry';
import { CheckError, Warning, type CheckMessage } from '../checks/messages';
import { register, Tags, type CheckContext } from '../checks/registry';
import { displayPath } from '../core/display-path';
import { commandFiles, loadCommand } from './discovery';

const SOURCE_FILE = /\.(ts|js|cjs|mts|cts)$/;

export function checkAppCommands({ appConfigs }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  for (const config of appConfigs ?? apps.getAppConfigs()) {
    const dir = path.join(config.path, 'commands');
    const entries = commandFiles(dir, config.label);
    for (const entry of entries) {
      try {
        loadCommand(entry);
      } catch (error) {
        messages.push(
          new CheckError(`The command '${entry.name}' cannot be loaded: ${(error as Error).message}`, {
            id: 'apps.E001',
            obj: config,
            hint: 'A command module must `export default class Command extends BaseCommand` and load without errors.',
          }),
        );
      }
    }
    const found = new Set(entries.map((entry) => path.basename(entry.file)));
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!SOURCE_FILE.test(file) || file.endsWith('.d.ts') || file.startsWith('_') || found.has(file)) continue;
      messages.push(
        new Warning(`${displayPath(path.join(dir, file))} is not a command name, so it is never run.`, {
          id: 'apps.W001',
          obj: config,
          hint: "Command files are named in lower case with letters, digits, '-' and '_' (e.g. publish_drafts.ts); start helper modules with '_'.",
        }),
      );
    }
  }
  return messages;
}

register(checkAppCommands, Tags.apps);
