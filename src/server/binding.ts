// The only module that loads the native addon. When it is missing or broken the
// framework says so in one line (once per process) and callers fall back to the
// node:http adapter; nothing here throws for lack of the addon.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The addon's exports, as native/src/addon.cc declares them. */
export interface NativeAddon {
  abiVersion: number;
  NativeRouter: new () => NativeRouterHandle;
  NativeServer: {
    new (router: NativeRouterHandle | null, limits: object, callbacks: NativeCallbacks): NativeServerHandle;
    /** socket + bind + listen, no accepting: for a supervisor to hand to its workers. */
    bindSocket(host: string, port: number, reusePort: boolean, backlog: number): number | string;
  };
}

export interface NativeRouterHandle {
  add(pattern: string, methods: number): string | undefined;
  match(method: string, path: string): [0, number, ...string[]] | [1] | [2, string];
  bench(method: string, paths: string[], iterations: number): number;
}

export interface NativeCallbacks {
  /**
   * One call per request, carrying what nearly every request reads: the method as its
   * router bit (OTHER_METHOD: read it with method(id)), the raw target, the route's
   * parameters (a string when there is one), and the Host and Cookie values.
   */
  onRequest(
    id: number,
    kind: number,
    routeOrAllow: number | string | undefined,
    params: string | string[] | undefined,
    body: Buffer | null | undefined,
    methodBit: number,
    target: string,
    host: string | undefined,
    cookie: string | undefined,
  ): void;
  onBody(id: number, chunk: Buffer | null | number): void;
  onDrain(id: number): void;
  onClose(): void;
}

export interface NativeServerHandle {
  listen(host: string, port: number, reusePort: boolean, backlog: number): number | string;
  listenFd(fd: number, backlog: number): number | string;
  close(deadlineMs: number): boolean;
  method(id: number): string | undefined;
  target(id: number): string | undefined;
  /** The request's header names and values joined by NUL ('name\0value\0name\0value'; '' when none). */
  headers(id: number): string | undefined;
  /** The headers with lower-case names as '\nname\0value\nname\0value' ('' when none). */
  headerIndex(id: number): string | undefined;
  remote(id: number): [string, number] | undefined;
  version(id: number): string | undefined;
  /** headerBlock: 'Name: value\r\n' lines, validated by the caller. */
  respond(id: number, status: number, headerBlock: string, body?: string | Buffer): boolean;
  start(id: number, status: number, headerBlock: string, contentLength: number): boolean;
  write(id: number, chunk: string | Buffer): number;
  end(id: number): boolean;
  sendFile(id: number, status: number, headerBlock: string, fd: number, offset: number, length: number): boolean;
  pause(id: number, paused: boolean): boolean;
  stats(): { connections: number; listening: boolean };
  /** Static answers given without calling JS (see static-mount.ts); absent from older builds. */
  setStatic?(prefix: string, table: unknown[]): boolean;
}

const ABI_VERSION = 2;
let cached: { addon: NativeAddon | null; reason: string } | undefined;
let noticed = false;

function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'native', 'binding.gyp'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}

/** Where the addon is looked for; HYPER_NATIVE_PATH overrides (tests use it). */
export function nativeAddonPath(): string {
  return process.env.HYPER_NATIVE_PATH || path.join(packageRoot(), 'native', 'build', 'Release', 'hyper_native.node');
}

function load(): { addon: NativeAddon | null; reason: string } {
  if (process.env.HYPER_NATIVE === '0') return { addon: null, reason: 'disabled by HYPER_NATIVE=0' };
  const file = nativeAddonPath();
  if (!fs.existsSync(file)) return { addon: null, reason: `${path.basename(file)} not built; run npm run build:native` };
  try {
    const addon = require(file) as NativeAddon;
    if (addon.abiVersion !== ABI_VERSION) {
      return { addon: null, reason: `${path.basename(file)} is stale (abi ${addon.abiVersion}, want ${ABI_VERSION}); rebuild it` };
    }
    return { addon, reason: '' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { addon: null, reason: `${path.basename(file)} failed to load: ${message}` };
  }
}

/** The addon, or null (after a one-line notice on stderr) when it cannot be used. */
export function loadNativeAddon(options: { quiet?: boolean } = {}): NativeAddon | null {
  cached ??= load();
  if (!cached.addon && !noticed && !options.quiet) {
    noticed = true;
    process.stderr.write(`hyperdjango: native server unavailable (${cached.reason}); using the node:http adapter\n`);
  }
  return cached.addon;
}

/** Why the addon is unavailable ('' when it loaded). */
export function nativeUnavailableReason(): string {
  cached ??= load();
  return cached.reason;
}
