import { Option } from 'commander';
import { apps } from '../src/apps/registry';
import { LEVEL_NAMES, levelFromName } from '../src/checks/messages';
import { registry } from '../src/checks/registry';
import { didYouMean } from '../src/core/suggest';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';
import { collect } from '../src/management/run-command';
import { collectChecks, runSystemChecks } from '../src/management/system-checks';

interface CheckOptions {
  app?: string[];
  tag?: string[];
  listTags?: boolean;
  deploy?: boolean;
  failLevel: string;
  database?: string[];
  json?: boolean;
}

export default class Command extends BaseCommand<CheckOptions> {
  help = 'Checks the project for common problems (system checks).';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[app...]', 'app labels to check (default: all)')
      .option('-t, --tag <tag>', 'run only checks with this tag (repeatable)', collect)
      .option('--list-tags', 'list the available tags')
      .option('--deploy', 'include the deployment checks')
      .addOption(
        new Option('--fail-level <level>', 'the level of message that makes the command fail')
          .choices(Object.values(LEVEL_NAMES))
          .default('ERROR'),
      )
      .option('--database <alias>', 'run the database checks against this database (repeatable)', collect)
      .option('--json', 'print the messages as JSON');
  }

  async handle(options: CommandOptions<CheckOptions>): Promise<void> {
    const includeDeployChecks = Boolean(options.deploy);
    if (options.listTags) {
      this.stdout.write(registry.tags(includeDeployChecks).join('\n'));
      return;
    }
    const tags: string[] | undefined = options.tag;
    for (const tag of tags ?? []) {
      if (!registry.tagExists(tag, includeDeployChecks)) {
        const hint = didYouMean(tag, registry.tags(true)) || ' Use --list-tags to see them.';
        throw new CommandError(`There is no system check with the '${tag}' tag.${hint}`);
      }
    }
    const labels: string[] = options.app ?? [];
    const appConfigs = labels.length ? labels.map((label) => apps.getAppConfig(label)) : null;
    const runOptions = {
      appConfigs,
      tags,
      includeDeployChecks,
      // `hyper check` runs everything, the opt-in checks (templates) included.
      includeOptIn: true,
      databases: options.database,
      failLevel: levelFromName(options.failLevel)!,
      displayCount: true,
    };
    if (options.json) {
      const outcome = await collectChecks(runOptions);
      this.stdout.write(JSON.stringify({ issues: outcome.visible, silenced: outcome.silencedCount }, null, 2));
      if (outcome.serious) {
        throw new CommandError(`System check found issues at ${options.failLevel} or above; they are in the JSON above.`);
      }
      return;
    }
    await runSystemChecks(runOptions, this);
  }
}
