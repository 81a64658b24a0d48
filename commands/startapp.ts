import * as path from 'node:path';
import { locateSettings } from '../src/conf/locate';
import { displayPath } from '../src/core/display-path';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { validateNewName } from '../src/management/new-name';
import { planScaffold, scaffoldDir, targetDir, writeScaffold } from '../src/management/scaffold';

const camelCase = (name: string) => name.replace(/(^|_)([a-z0-9])/gi, (_, _sep: string, c: string) => c.toUpperCase());

export default class Command extends BaseCommand {
  help = 'Creates an app: apps.ts, models, views, URLs, admin, migrations, commands, templates, static files and tests.';
  requiresSettings = false;
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('<name>', 'the app name (an identifier, e.g. blog)')
      .argument('[directory]', 'where to create it (default: ./NAME)')
      .option('--template <dir>', 'a scaffold folder to use instead of the built-in one');
  }

  handle(options: CommandOptions): void {
    const name: string = options.name;
    validateNewName(name, 'app', process.cwd());
    const target = targetDir(name, options.directory);
    const context = {
      app_name: name,
      app_class: `${camelCase(name)}Config`,
      verbose_name: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    };
    writeScaffold(planScaffold(scaffoldDir(options.template, 'app'), target, context), context);

    if (options.verbosity < 1) return;
    this.stdout.write(`Created app '${name}' in ${displayPath(target) || '.'}.`, this.style.success);
    this.stdout.write(installHint(target));
  }
}

/** "Add 'blog' to INSTALLED_APPS in settings.ts." with the entry as the project names it. */
function installHint(target: string): string {
  try {
    const location = locateSettings();
    const entry = path.relative(location.projectRoot, target).split(path.sep).join('/');
    if (!entry.startsWith('..')) return `Next: add '${entry}' to INSTALLED_APPS in ${displayPath(location.file)}.`;
  } catch {
    // Not inside a project: the generic hint below.
  }
  return `Next: add '${path.basename(target)}' to INSTALLED_APPS in the project's settings.`;
}
