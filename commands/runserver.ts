import * as path from 'node:path';
import { Option } from 'commander';
import { locateSettings } from '../src/conf/locate';
import { loadedSettings } from '../src/conf/settings';
import { parseAddrPort } from '../src/management/dev/addrport';
import { Reloader } from '../src/management/dev/reloader';
import { runDevServer } from '../src/management/dev/run-dev-server';
import { projectWatchList } from '../src/management/dev/watch-list';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { installFramework } from '../src/management/wiring';
import { MigrationError } from '../src/orm/migrations/errors';
import { appsOf, unappliedMigrations } from '../src/orm/migrations/unapplied-check';
import { apps } from '../src/apps/registry';
import { migrationsAlreadyReported, sendMigrationsReported } from '../src/management/dev/migrations-notice';
import { runSystemChecks } from '../src/management/system-checks';
import { setupProject } from '../src/management/setup';

export default class Command extends BaseCommand {
  help = 'Starts a lightweight web server for development, reloading it when a file changes.';
  requiresSystemChecks = false;
  // The reloader needs only the settings: a broken models.ts must not stop it (the child reports it).
  requiresApps = false;
  checkTags = ['templates'];
  // A settings.ts that fails at start-up gets the error page and a reload on the fix, as later.
  survivesBrokenProject = true;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[addrport]', 'optional port number, or ipaddr:port (default 127.0.0.1:8000)')
      .option('--noreload', 'do not use the auto-reloader')
      .option('--nostatic', 'do not serve static files in DEBUG')
      .option('--insecure', 'serve static files from the finders even when DEBUG is false')
      .addOption(new Option('--adapter <adapter>', 'the HTTP server adapter').choices(['auto', 'native', 'node']).default('auto'));
  }

  async handle(options: CommandOptions): Promise<void> {
    installFramework();
    const addr = parseAddrPort(options.addrport);
    const child = process.env.HYPER_RUNSERVER_CHILD === '1';
    if (!options.noreload && !child) {
      const location = this.projectError ? locateSettings({ flag: options.settings }) : loadedSettings();
      const root = location.projectRoot;
      const initial = projectWatchList(root, this.projectError);
      if (location.file) initial.files.push(location.file); // however the settings failed, their fix reloads
      const forwarded = process.argv.slice(2).filter((arg) => arg !== 'runserver' && arg !== options.addrport);
      const reloader = new Reloader({
        root,
        host: addr.host,
        port: addr.port,
        childArgs: ['runserver', `${addr.host.includes(':') ? `[${addr.host}]` : addr.host}:${addr.port}`, ...forwarded],
        log: (line) => this.stdout.write(line),
        initial,
      });
      await reloader.start();
      this.stdout.write(`Watching for file changes in ${path.basename(root) || root} with chokidar`);
      await new Promise<never>(() => undefined); // the reloader exits the process on SIGINT/SIGTERM
      return;
    }
    // The child serves it (cli's onError); --noreload stops.
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what loading the project threw, whatever it was
    if (this.projectError) throw this.projectError;
    await setupProject();
    this.stdout.write('Performing system checks...\n');
    if (!options.skipChecks) await runSystemChecks({ displayCount: true, includeOptIn: this.checkTags }, { stdout: this.stdout, stderr: this.stderr, style: this.style });
    const fd = process.env.HYPER_LISTEN_FD ? Number(process.env.HYPER_LISTEN_FD) : undefined;
    await runDevServer(
      { ...addr, adapter: options.adapter, noStatic: Boolean(options.nostatic), insecure: Boolean(options.insecure), fd },
      {
        out: (line) => this.stdout.write(line),
        err: (line) => this.stderr.write(line, (t) => t),
        style: this.style,
        // Once serving, not before: opening the database (the embedded one starts in
        // about a second, and only after the previous child let it go) must not delay
        // serving after a reload.
        started: () => void this.reportUnappliedMigrations(),
      },
    );
  }

  /** Django's notice that pages may fail until `migrate` runs. A database that cannot be read is left to the first request to report. */
  private async reportUnappliedMigrations(): Promise<void> {
    let pending;
    try {
      // After a reload, only when the migrations changed: see migrations-notice.
      const { loadMigrations } = require('../src/orm/migrations/loader') as typeof import('../src/orm/migrations/loader');
      const keys = [...loadMigrations(apps.getAppConfigs()).keys()].sort();
      if (migrationsAlreadyReported(keys)) return;
      pending = await unappliedMigrations();
      sendMigrationsReported(keys);
    } catch (error) {
      if (error instanceof MigrationError) this.stdout.write(`\n${error.message}`, this.style.notice);
      return;
    }
    if (!pending.length) return;
    const waiting = appsOf(pending).sort();
    this.stdout.write(
      `\nYou have ${pending.length} unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): ${waiting.join(', ')}.`,
      this.style.notice,
    );
    this.stdout.write("Run 'hyper migrate' to apply them.", this.style.notice);
  }
}
