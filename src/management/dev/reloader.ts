// The autoreloader: a parent process that keeps the listening socket (so no
// request is refused while the code reloads), runs the server in a child, and
// on a change starts a fresh child and stops the old one. It watches what Django
// watches: the files each child reports it loaded (see watch-list), the settings,
// .env and the template folders; nothing else in the project folder (logs,
// uploads, build output). A child whose project fails to load answers every
// request with the error until the next change (broken-project).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FSWatcher } from 'chokidar';
import { loadNativeAddon } from '../../server/binding';
import { listenFailed } from '../../server/errors';
import { isMigrationsReported, type MigrationsReportedMessage } from './migrations-notice';
import { isNotSource, isProjectFile, type WatchList, type WatchMessage } from './watch-list';

export interface ReloaderOptions {
  root: string;
  host: string;
  port: number;
  /** The CLI arguments of the child (runserver ... --noreload is implied by HYPER_RUNSERVER_CHILD). */
  childArgs: string[];
  log: (line: string) => void;
  /** What to watch before any child reports (the parent's own view of the project). */
  initial?: WatchList;
  /** Folders (absolute) never watched, besides node_modules, .git, .hyper and dot-folders. */
  ignore?: string[];
}


export class Reloader {
  private child: ChildProcess | null = null;
  private standby: ChildProcess | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private fd: number | undefined;
  private stopping = false;
  private waitingForExit = false;
  /** The child being replaced: the new one serves once it has exited. */
  private previous: ChildProcess | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  /** Every path given to the watcher: kept across reloads, so a file a new child has not reported yet is still seen. */
  private readonly watched = new Set<string>();
  /** The migrations a child last printed the unapplied-migrations notice for (see migrations-notice). */
  private reportedMigrations: string | undefined;

  constructor(private readonly options: ReloaderOptions) {}

  async start(): Promise<void> {
    const addon = loadNativeAddon();
    if (addon) {
      const fd = addon.NativeServer.bindSocket(this.options.host, this.options.port, false, 511);
      if (typeof fd === 'string') throw listenFailed(this.options.host, this.options.port, fd);
      this.fd = fd;
    }
    const chokidar = require('chokidar') as typeof import('chokidar');
    const extraIgnored = (this.options.ignore ?? []).map((p) => path.resolve(p));
    const watcher = chokidar.watch([], {
      ignoreInitial: true,
      ignored: (file: string) => {
        if (extraIgnored.some((dir) => file === dir || file.startsWith(dir + path.sep))) return true;
        return isNotSource(this.options.root, file);
      },
    });
    this.watcher = watcher;
    watcher.on('all', (_event: string, file: string) => this.changed(file));
    if (this.options.initial) this.watch(this.options.initial);
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
    this.spawnChild();
    const stop = () => {
      void this.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }

  /**
   * Adds what a child reported: its project files (never a package's), and template
   * folders. `loadedSince` is when that child started loading the project.
   */
  private watch(list: WatchList, reporter?: ChildProcess, loadedSince = 0): void {
    const files = list.files.filter((file) => isProjectFile(this.options.root, file));
    const fresh = [...files, ...list.dirs].filter((item) => !this.watched.has(item));
    if (!fresh.length) return;
    fresh.forEach((item) => this.watched.add(item));
    this.watcher?.add(fresh);
    if (!reporter) return;
    // The watcher sees a file only some time after it is added (longer on a busy
    // machine): a save in between, such as the fix of the file that just failed to
    // load, would be lost. A file changed since the child read it reloads now.
    const recheck = () => {
      if (this.stopping || this.child !== reporter) return;
      const edited = files.find((file) => (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) > loadedSince);
      if (edited) this.changed(edited);
    };
    for (const delay of [100, 1000]) setTimeout(recheck, delay).unref();
  }

  private changed(file: string): void {
    if (this.stopping) return;
    // Editors write several events per save; restart once.
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.options.log(`${path.relative(this.options.root, file) || file} changed, reloading.`);
      this.restart();
    }, 15);
  }

  private restart(): void {
    // A child is about to start (waiting for the old one to free the port); it loads the newest code anyway.
    if (this.waitingForExit) return;
    const old = this.child;
    this.child = null;
    this.previous = old;
    // The new child starts at once; the old one stops accepting as soon as it
    // gets SIGTERM and finishes what it is serving.
    const running = old && old.exitCode === null && old.signalCode === null;
    if (running) old.kill('SIGTERM');
    // Without the native addon there is no shared socket: the new child binds the
    // port itself, so the old one must have let it go first.
    if (running && this.fd === undefined) {
      this.waitingForExit = true;
      old.once('exit', () => {
        this.waitingForExit = false;
        if (!this.stopping) this.spawnChild();
      });
    } else this.spawnChild();
  }

  /** A process with node booted and the framework loaded, waiting for 'go'. */
  private spawnStandby(): ChildProcess {
    const env = { ...process.env, HYPER_RUNSERVER_CHILD: '1' } as NodeJS.ProcessEnv;
    const stdio: Array<'inherit' | 'ipc' | number> = ['inherit', 'inherit', 'inherit', 'ipc'];
    if (this.fd !== undefined) {
      stdio.push(this.fd);
      env.HYPER_LISTEN_FD = '4';
    }
    return spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'standby.js')], { env, stdio });
  }

  private spawnChild(): void {
    const ready = this.standby && this.standby.exitCode === null && this.standby.signalCode === null && this.standby.connected ? this.standby : null;
    this.standby = null;
    const child = ready ?? this.spawnStandby();
    const loadedSince = Date.now();
    child.send({ type: 'go', argv: this.options.childArgs, root: this.options.root, reportedMigrations: this.reportedMigrations });
    this.child = child;
    child.on('message', (message: { type?: string } | WatchMessage | MigrationsReportedMessage) => {
      if (message?.type === 'hyper:watch') return this.watch(message as WatchMessage, child, loadedSince);
      if (isMigrationsReported(message)) {
        this.reportedMigrations = message.keys;
        return;
      }
      if (message?.type === 'hyper:broken') {
        if (this.child === child) this.options.log('The project failed to load (above): requests get an error page until it is fixed. Watching for file changes.');
        return;
      }
      if (message?.type !== 'hyper:loaded') return;
      const old = this.previous;
      const go = () => {
        if (child.connected) child.send({ type: 'hyper:listen' });
      };
      if (old && old.exitCode === null && old.signalCode === null) old.once('exit', go);
      else go();
    });
    child.on('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      this.child = null;
      if (signal === null && code !== 0) {
        this.options.log('The server stopped with an error (above). Watching for file changes; save a file to try again.');
      }
    });
    // The next standby starts once this child had time to boot (two cores: do not compete).
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    this.standbyTimer = setTimeout(() => {
      this.standbyTimer = null;
      if (!this.stopping && !this.standby) this.standby = this.spawnStandby();
    }, 250);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    if (this.standby && this.standby.exitCode === null) this.standby.kill('SIGTERM');
    await this.watcher?.close();
    // The port stops accepting at once (the child closes its copy on SIGTERM);
    // what the child is serving still finishes.
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  }
}
