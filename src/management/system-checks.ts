// Running the system checks for a command and reporting them as Django does: grouped
// by level, silenced ones counted, serious ones stopping the command.
import type { AppConfig } from '../apps/app-config';
import { CheckMessage, CRITICAL, DEBUG, ERROR, INFO, WARNING } from '../checks/messages';
import { registry, Tags } from '../checks/registry';
import '../checks';
import './app-command-checks';
import '../orm/migrations/unapplied-check';
import '../db/checks';
import '../files/checks';
import '../cache/checks';
import '../ratelimit/checks';
import '../urls/checks';
import '../middleware/checks';
import '../orm/migrations/checks';
import { loadedSettings } from '../conf/settings';
import { SystemCheckError } from './errors';
import type { OutputWrapper, Style } from './output';

// The template checks load the template engine: only when they run. The model checks
// load the ORM, which hyperdjango/db also registers them from; listed here too, so this
// file names every layer's checks.
registry.registerProvider([Tags.templates], () => require('../template/checks'));
registry.registerProvider([Tags.models], () => require('../orm/checks'));

export interface CheckRunOptions {
  appConfigs?: AppConfig[] | null;
  tags?: string[];
  includeDeployChecks?: boolean;
  /** Opt-in checks to run too: all (true) or those with these tags. */
  includeOptIn?: boolean | readonly string[];
  databases?: string[];
  /** The lowest level that stops the command (Django's --fail-level). */
  failLevel?: number;
  /** Print the "System check identified N issues" summary line. */
  displayCount?: boolean;
}

export interface CheckOutcome {
  /** Issues that are not silenced, at INFO and above. */
  visible: CheckMessage[];
  silencedCount: number;
  serious: boolean;
}

export async function collectChecks(options: CheckRunOptions): Promise<CheckOutcome> {
  const settings = loadedSettings();
  const all = await registry.runChecks({
    settings,
    appConfigs: options.appConfigs ?? null,
    tags: options.tags,
    includeDeployChecks: options.includeDeployChecks,
    includeOptIn: options.includeOptIn,
    databases: options.databases,
  });
  const silenced = settings.values.SILENCED_SYSTEM_CHECKS as string[];
  const kept = all.filter((message) => !message.isSilenced(silenced));
  const visible = kept.filter((message) => message.level >= INFO);
  return {
    visible,
    silencedCount: all.length - kept.length,
    serious: visible.some((message) => message.isSerious(options.failLevel ?? ERROR)),
  };
}

const SECTIONS: Array<[number, string, keyof Style]> = [
  [CRITICAL, 'CRITICALS', 'error'],
  [ERROR, 'ERRORS', 'error'],
  [WARNING, 'WARNINGS', 'warning'],
  [INFO, 'INFOS', 'httpInfo'],
  [DEBUG, 'DEBUGS', 'httpInfo'],
];

export function formatCheckReport(outcome: CheckOutcome, style: Style, displayCount: boolean): string {
  let body = '';
  for (const [level, title, styleName] of SECTIONS) {
    const messages = outcome.visible.filter((message) => message.level >= level && message.level < level + 10);
    if (messages.length === 0) continue;
    const lines = messages.map((message) => (message.isSerious() ? style.error(String(message)) : style[styleName](String(message))));
    body += `\n${title}:\n${lines.join('\n')}\n`;
  }
  let report = body ? `System check identified some issues:\n${body}` : '';
  if (displayCount) {
    const count = outcome.visible.length;
    const issues = count === 0 ? 'no issues' : count === 1 ? '1 issue' : `${count} issues`;
    report += `${body ? '\n' : ''}System check identified ${issues} (${outcome.silencedCount} silenced).`;
  }
  return report;
}

/**
 * Runs checks and prints what they found: serious issues stop the command with a
 * SystemCheckError; others go to stderr (or, with displayCount and nothing to
 * report, the all-clear to stdout).
 */
export async function runSystemChecks(
  options: CheckRunOptions,
  io: { stdout: OutputWrapper; stderr: OutputWrapper; style: Style },
): Promise<CheckOutcome> {
  const outcome = await collectChecks(options);
  const report = formatCheckReport(outcome, io.style, options.displayCount ?? false);
  if (outcome.serious) throw new SystemCheckError(report);
  if (report) {
    if (outcome.visible.length > 0) io.stderr.write(report, (text) => text);
    else io.stdout.write(report);
  }
  return outcome;
}
