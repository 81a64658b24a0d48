import { frameworkVersion } from '../src/core/framework-root';
import { BaseCommand } from '../src/management/base-command';

export default class Command extends BaseCommand {
  help = "Prints the framework's version.";
  requiresSettings = false;
  requiresSystemChecks = false;

  handle(): string {
    return frameworkVersion();
  }
}
