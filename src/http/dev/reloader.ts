// The autoreloader: a parent process that keeps the listening socket (so no
// request is refused while the code reloads), runs the server in a child,
// watches the project with chokidar, and on a change starts a fresh child and
// stops the old one. A child that fails (a syntax error) is reported and the
// watcher waits for the next change.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNativeAddon } from '../../server/binding';

export interface ReloaderOptions {
  root: string;
  host: string;
  port: number;
  /** The CLI arguments of the child (runserver ... --noreload is implied by HYPER_RUNSERVER_CHILD). */
  childArgs: string[];
  log: (line: string) => void;
  /** Folders (absolute) never watched, besides node_modules, .git, .hyper and dot-folders. */
  ignore?: string[];
}

const IGNORED_NAMES = new Set(['node_modules', '.git', '.hyper', 'dist', 'staticfiles', 'coverage', '__pycache__']);

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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private watcher: any = null;

  constructor(private readonly options: ReloaderOptions) {}

  async start(): Promise<void> {
    const addon = loadNativeAddon();
    if (addon) {
      const fd = addon.NativeServer.bindSocket(this.options.host, this.options.port, false, 511);
      if (typeof fd === 'string') throw new Error(`Error: That port is already in use or cannot be bound (${this.options.host}:${this.options.port}): ${fd}`);
      this.fd = fd;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const chokidar = require('chokidar') as typeof import('chokidar');
    const extraIgnored = (this.options.ignore ?? []).map((p) => path.resolve(p));
    this.watcher = chokidar.watch(this.options.root, {
      ignoreInitial: true,
      ignored: (file: string) => {
        const rel = path.relative(this.options.root, file);
        if (!rel) return false;
        if (extraIgnored.some((dir) => file === dir || file.startsWith(dir + path.sep))) return true;
        return rel.split(path.sep).some((part) => IGNORED_NAMES.has(part) || (part.startsWith('.') && part !== '.env'));
      },
    });
    await new Promise<void>((resolve) => this.watcher.once('ready', resolve));
    this.watcher.on('all', (_event: string, file: string) => this.changed(file));
    this.spawnChild();
    const stop = () => {
      void this.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
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
    child.send({ type: 'go', argv: this.options.childArgs });
    this.child = child;
    child.on('message', (message: { type?: string }) => {
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
