import { Option } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { defaultValue, settingDeclaration } from '../src/conf/declarations';
import { loadedSettings } from '../src/conf/settings';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { formatValue, maskSecrets } from '../src/management/describe-settings';

const TIER_LABELS = {
  settings: 'settings module',
  environment: 'environment',
  dotenv: '.env file',
  default: 'default',
} as const;

export default class Command extends BaseCommand {
  help = 'Shows the settings that differ from the defaults, and where each value came from.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .option('--all', 'show every setting, including those left at their default')
      .addOption(new Option('--output <format>', "'hash' (one line per setting) or 'unified' (a diff)").choices(['hash', 'unified']).default('hash'))
      .option('--show-secrets', 'print SECRET_KEY, passwords and tokens instead of masking them')
      .option('--json', 'print name, value, default and source as JSON');
  }

  handle(options: CommandOptions): void {
    const loaded = loadedSettings();
    const rows = Object.keys(loaded.values)
      .sort()
      .map((name) => {
        const declaration = settingDeclaration(name);
        const value = loaded.values[name];
        const fallback = declaration ? defaultValue(declaration, loaded.projectRoot) : undefined;
        const show = (v: unknown) => (options.showSecrets ? v : maskSecrets(name, v));
        return {
          name,
          value: show(value),
          default: declaration ? show(fallback) : undefined,
          declared: declaration !== undefined,
          changed: !declaration || !isDeepStrictEqual(value, fallback),
          source: loaded.source(name)!,
        };
      })
      .filter((row) => options.all || row.changed);

    if (options.json) {
      this.stdout.write(JSON.stringify(rows.map(({ changed: _changed, ...row }) => row), null, 2));
      return;
    }
    for (const row of rows) {
      const where = row.source.tier === 'default' ? 'default' : `${TIER_LABELS[row.source.tier]}: ${row.source.detail}`;
      if (options.output === 'unified') {
        if (!row.changed) {
          this.stdout.write(`  ${row.name} = ${formatValue(row.value)}`);
          continue;
        }
        if (row.declared) this.stdout.write(`- ${row.name} = ${formatValue(row.default)}`, this.style.error);
        this.stdout.write(`+ ${row.name} = ${formatValue(row.value)}`, this.style.success);
        continue;
      }
      // '###' marks a setting the framework does not declare, as Django's diffsettings does.
      const marker = row.declared ? '' : '  ###';
      this.stdout.write(`${row.name} = ${formatValue(row.value)}  # ${where}${marker}`);
    }
  }
}
