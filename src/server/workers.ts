// Several processes on one port: a supervisor binds the listening socket once
// (it never accepts on it) and hands it to N forked workers, restarts one that
// dies, and reloads gracefully (new workers first, then the old ones finish their
// requests and exit). Because the supervisor keeps the socket, a worker closing
// its copy drops nothing from the accept queue (with per-worker SO_REUSEPORT
// sockets, connections queued on a closing socket are reset). The command layer's
// `hyper serve --workers N` drives this; it does no CLI work.
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import { loadNativeAddon } from './binding';
import { listenFailed, ServerConfigError, ServerStartError } from './errors';
import type { HyperServer, ListenOptions } from './server-options';

export interface WorkerPoolOptions {
  /** Module each worker runs; it calls serveWorker(). */
  script: string;
  workers: number;
  port: number;
  host?: string;
  backlog?: number;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  /** Milliseconds before a crashed worker is restarted (doubles on repeated crashes, up to 10 s). */
  restartDelay?: number;
  /** Milliseconds a worker has to start listening. */
  startTimeout?: number;
  /**
   * false: a reload stops the old generation before starting the new one, for
   * workers that cannot run beside their replacements (one holding an embedded
   * database). Connections wait in the shared socket's queue meanwhile, so none is
   * refused; they are answered later instead. Default true: new workers first.
   */
  overlapReload?: boolean;
  log?: (line: string) => void;
}

interface Slot {
  child: ChildProcess;
  retiring: boolean;
  crashes: number;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private stopping = false;
  private readonly log: (line: string) => void;
  private fd: number | undefined;
  /** The port the pool listens on (the actual one when 0 was asked for). */
  port = 0;
  /** What the last worker to start reported about itself (e.g. the static files it serves). */
  note: string | undefined;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 1024) {
      throw new ServerConfigError(`workers must be an integer from 1 to 1024, got ${String(options.workers)}`);
    }
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Binds the socket, starts all workers and resolves when each is listening. */
  async start(): Promise<void> {
    const addon = loadNativeAddon();
    if (!addon) throw new ServerConfigError('several workers need the native addon (it shares the listening socket); run npm run build:native');
    const host = this.options.host ?? '127.0.0.1';
    const fd = addon.NativeServer.bindSocket(host, this.options.port, false, this.options.backlog ?? 511);
    if (typeof fd === 'string') throw listenFailed(host, this.options.port, fd);
    this.fd = fd;
    await this.spawnGeneration();
  }

  get pids(): number[] {
    return [...this.slots].filter((s) => !s.retiring).map((s) => s.child.pid!);
  }

  private spawn(crashes: number): Promise<Slot> {
    // The shared socket becomes fd 4 in the worker (after stdin/out/err and IPC).
    const child = fork(this.options.script, this.options.args ?? [], {
      env: { ...(this.options.env ?? process.env), HYPER_WORKER: '1', HYPER_LISTEN_FD: '4' },
      execArgv: this.options.execArgv ?? process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc', this.fd!],
    });
    const slot: Slot = { child, retiring: false, crashes };
    this.slots.add(slot);
    child.on('exit', (code, signal) => {
      this.slots.delete(slot);
      if (slot.retiring || this.stopping) return;
      const delay = Math.min(10_000, (this.options.restartDelay ?? 100) * 2 ** Math.min(slot.crashes, 7));
      this.log(`hyper: worker ${child.pid} exited (${signal ?? code}); restarting in ${delay} ms`);
      setTimeout(() => {
        if (!this.stopping) this.spawn(slot.crashes + 1).catch((error: Error) => this.log(`hyper: restart failed: ${error.message}`));
      }, delay).unref();
    });
    return new Promise((resolve, reject) => {
      const timeout = this.options.startTimeout ?? 10_000;
      const timer = setTimeout(() => reject(new ServerStartError(`Worker ${child.pid} did not start listening within ${timeout} ms: see its output above; a slow start needs a longer startTimeout.`, { code: 'HYPER_SERVER_WORKER_TIMEOUT' })), timeout);
      child.on('message', (message: { type?: string }) => {
        if (message?.type === 'hyper:ready') {
          clearTimeout(timer);
          this.port = (message as { port?: number }).port ?? this.port;
          const note = (message as { note?: unknown }).note;
          if (typeof note === 'string') this.note = note;
          slot.crashes = 0;
          resolve(slot);
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new ServerStartError(`Worker ${child.pid} exited before it was listening: its output above says why.`, { code: 'HYPER_SERVER_WORKER_EXITED' }));
      });
    });
  }

  /** SIGHUP reloads; SIGTERM and SIGINT stop gracefully, then exit. */
  installSignalHandlers(): void {
    process.on('SIGHUP', () => {
      this.log('hyper: SIGHUP, reloading workers');
      this.reload().catch((error: Error) => this.log(`hyper: reload failed: ${error.message}`));
    });
    // A stop that fails (closing the socket) ends the process all the same, as an unhandled rejection.
    const stop = () => void this.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }

  /** Graceful reload: start a new generation, then retire the old one (or the other way round, see overlapReload). */
  async reload(): Promise<void> {
    const old = [...this.slots];
    if (this.options.overlapReload === false) {
      await this.retireAll(old);
      await this.spawnGeneration();
    } else {
      await this.spawnGeneration();
      await this.retireAll(old);
    }
  }

  /**
   * Stops every worker gracefully (each finishes in-flight requests within its
   * deadline). The supervisor's copy of the socket is closed first: the workers
   * close theirs on SIGTERM, so the port stops accepting at once and a new client
   * is refused instead of waiting in the backlog for workers that will not accept.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    await this.retireAll([...this.slots]);
  }

  /** A full set of workers, resolved when each is listening. */
  private async spawnGeneration(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.workers }, () => this.spawn(0)));
  }

  private async retireAll(slots: readonly Slot[]): Promise<void> {
    await Promise.all(slots.map((slot) => this.retire(slot)));
  }

  private retire(slot: Slot): Promise<void> {
    slot.retiring = true;
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      slot.child.once('exit', () => resolve());
      slot.child.kill('SIGTERM');
    });
  }
}

/**
 * The worker side: serve on the pool's socket (or bind `listen` when run alone),
 * tell the supervisor, and on SIGTERM close gracefully and exit.
 */
export async function serveWorker(server: HyperServer, listen: ListenOptions, deadline = 10_000): Promise<void> {
  const inherited = process.env.HYPER_LISTEN_FD;
  const address = await server.listen(inherited ? { ...listen, fd: Number(inherited) } : listen);
  process.send?.({ type: 'hyper:ready', port: address.port, pid: process.pid });
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // A close that fails ends the worker all the same, as an unhandled rejection; the supervisor sees it exit.
    void server.close({ deadline }).then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
}
