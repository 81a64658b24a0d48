import * as crypto from 'node:crypto';
import { INSECURE_KEY_PREFIX } from '../src/checks/builtin/security-checks';
import { displayPath } from '../src/core/display-path';
import { frameworkVersion } from '../src/core/framework-root';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { frameworkDependency, isCheckout, linkFramework } from '../src/management/link-framework';
import { validateNewName } from '../src/management/new-name';
import { planScaffold, scaffoldDir, targetDir, writeScaffold } from '../src/management/scaffold';

export default class Command extends BaseCommand {
  help = 'Creates a project: settings, URLs, package.json and folders for templates and static files.';
  requiresSettings = false;
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('<name>', 'the project name (an identifier, e.g. mysite)')
      .argument('[directory]', 'where to create it (default: ./NAME)')
      .option('--template <dir>', 'a scaffold folder to use instead of the built-in one')
      .option('--no-link', 'do not link node_modules/hyperdjango to this checkout (run npm install yourself)');
  }

  handle(options: CommandOptions): void {
    const name: string = options.name;
    validateNewName(name, 'project', process.cwd());
    const target = targetDir(name, options.directory);
    const context = {
      project_name: name,
      package_name: name.toLowerCase().replace(/_/g, '-'),
      secret_key: INSECURE_KEY_PREFIX + crypto.randomBytes(48).toString('base64url'),
      hyper_version: frameworkVersion(),
      hyper_dependency: frameworkDependency(),
    };
    writeScaffold(planScaffold(scaffoldDir(options.template, 'project'), target, context), context);
    const linked = options.link !== false && isCheckout();
    if (linked) linkFramework(target);

    if (options.verbosity < 1) return;
    const where = displayPath(target) || '.';
    const cd = where === '.' ? '' : `cd ${where} && `;
    this.stdout.write(`Created project '${name}' in ${where}.`, this.style.success);
    this.stdout.write(`Next: ${cd}${linked ? '' : 'npm install && '}npx hyper migrate && npx hyper runserver`);
  }
}
