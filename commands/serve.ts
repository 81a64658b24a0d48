import { Option } from 'commander';
import { howToSet } from '../src/conf/loaded-settings';
import { loadedSettings, settings } from '../src/conf/settings';
import { connections } from '../src/db/connection-handler';
import { displayUrl, parseAddrPort } from '../src/management/dev/addrport';
import { startWebServer } from '../src/http/serve';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { CommandError } from '../src/management/errors';
import { installFramework } from '../src/management/wiring';
import { loadNativeAddon } from '../src/server/binding';
import { WorkerPool } from '../src/server/workers';
import { localMemoryWarnings } from '../src/cache/checks';
import { getResolver } from '../src/urls/resolver';
import { productionStaticMount } from '../src/static/serve/production';

export default class Command extends BaseCommand {
  help = 'Serves the project in production: several worker processes, graceful stop on SIGTERM, graceful reload on SIGHUP.';
  requiresSystemChecks = true;
  checkTags = ['templates'];

  addArguments(parser: CommandParser): void {
    parser
      .argument('[addrport]', 'port, or ipaddr:port (default 127.0.0.1:8000)')
      .option('-w, --workers <n>', 'worker processes (default: 1)', (v) => Number(v))
      .option('--allow-debug', 'serve even though DEBUG is true (never in production)')
      .option('--deadline <ms>', 'milliseconds in-flight requests get on stop or reload', (v) => Number(v), 10000)
      .addOption(new Option('--adapter <adapter>', 'the HTTP server adapter').choices(['auto', 'native', 'node']).default('auto'));
  }

  async handle(options: CommandOptions): Promise<void> {
    installFramework();
    if (settings.DEBUG && !options.allowDebug) {
      throw new CommandError(`Refusing to serve with DEBUG = true: error pages would show code and settings. To serve, ${howToSet(loadedSettings(), 'DEBUG', 'false')}; or pass --allow-debug for a local test.`);
    }
    const addr = parseAddrPort(options.addrport);
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new CommandError(`--workers must be an integer from 1 to 1024, got ${String(options.workers)}.`);
    if (!Number.isInteger(options.deadline) || options.deadline < 0) throw new CommandError('--deadline must be a number of milliseconds.');
    // An embedded database belongs to one process: a second worker would fail every query.
    const embedded = connections.aliases().find((alias) => connections.config(alias).kind === 'pglite');
    if (embedded !== undefined && workers > 1) {
      throw new CommandError(
        `DATABASES['${embedded}'] is the embedded database (PGlite), which one process at a time can open: serve it with --workers 1, or set DATABASE_URL to a PostgreSQL server to run ${workers} workers.`,
      );
    }
    void getResolver().urlPatterns; // a broken urlconf fails here, not on the first request
    // Said once, by the parent: a worker (HYPER_WORKER) would repeat it.
    if (process.env.HYPER_WORKER !== '1') for (const warning of localMemoryWarnings(workers)) this.stderr.write(warning.toString(), this.style.warning);

    if (process.env.HYPER_WORKER === '1') return this.worker(addr, options);
    if (!loadNativeAddon() || options.adapter === 'node') {
      if (workers > 1) throw new CommandError('Several workers need the native addon (they share its listening socket); run npm run build:native, or use --workers 1.');
      return this.single(addr, options);
    }
    const pool = new WorkerPool({
      script: process.argv[1],
      args: process.argv.slice(2),
      workers,
      port: addr.port,
      host: addr.host,
      // The old worker must let the embedded database go before its replacement opens it.
      overlapReload: embedded === undefined,
      log: (line) => this.stderr.write(line, (t) => t),
    });
    try {
      await pool.start();
    } catch (error) {
      await pool.stop().catch(() => undefined);
      throw error;
    }
    this.stdout.write(`Serving at ${displayUrl({ host: addr.host, port: pool.port })} with ${workers} worker${workers === 1 ? '' : 's'} (pids ${pool.pids.join(', ')}). SIGTERM stops, SIGHUP reloads.`);
    if (pool.note) this.stdout.write(pool.note);
    pool.installSignalHandlers();
    await new Promise<never>(() => undefined);
  }

  /** STATIC_ROOT under STATIC_URL, read once at start (a SIGHUP reload picks up a new collectstatic). */
  private staticFiles(options: CommandOptions) {
    const verbose = (options.verbosity ?? 1) >= 2;
    return productionStaticMount(verbose ? (path, reason) => this.stderr.write(`hyper serve: refused static path ${JSON.stringify(path)} (${reason}); answered 404`, (t) => t) : undefined);
  }

  /** One process, no pool: the node adapter, or no native addon. SIGHUP is not supported here. */
  private async single(addr: { host: string; port: number }, options: CommandOptions): Promise<void> {
    const { mount, note } = await this.staticFiles(options);
    const { server, host, port } = await startWebServer({ adapter: options.adapter, port: addr.port, host: addr.host, staticMount: mount ?? undefined });
    this.stdout.write(`Serving at ${displayUrl({ host, port })} in one process (${server.adapter} adapter). SIGTERM stops.`);
    this.stdout.write(note);
    await new Promise<void>((resolve) => {
      process.on('SIGHUP', () => this.stderr.write('hyper serve: SIGHUP reload needs the worker pool (native addon); ignored.', (t) => t));
      const stop = () => {
        server.close({ deadline: options.deadline }).then(resolve, resolve);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
  }

  /** A worker of the pool: serve on the inherited socket until SIGTERM, then finish in-flight requests. */
  private async worker(addr: { host: string; port: number }, options: CommandOptions): Promise<void> {
    const fd = Number(process.env.HYPER_LISTEN_FD);
    const { mount, note } = await this.staticFiles(options);
    const { server, port } = await startWebServer({ adapter: options.adapter === 'node' ? 'auto' : options.adapter, port: addr.port, host: addr.host, fd, staticMount: mount ?? undefined });
    process.send?.({ type: 'hyper:ready', port, pid: process.pid, note });
    await new Promise<void>((resolve) => {
      let closing = false;
      const stop = () => {
        if (closing) return;
        closing = true;
        server.close({ deadline: options.deadline }).then(resolve, resolve);
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      process.on('disconnect', stop);
    });
    // The IPC channel would keep the process alive after the command ends.
    if (process.connected) process.disconnect();
  }
}
