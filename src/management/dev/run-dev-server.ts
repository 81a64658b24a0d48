// The development server (runserver's child, or runserver --noreload): system
// checks, the banner, the coloured request log, and a graceful stop on SIGTERM.
import * as path from 'node:path';
import { loadedSettings, settings } from '../../conf/settings';
import { frameworkVersion } from '../../core/framework-root';
import { getResolver } from '../../urls/resolver';
import type { BaseResponse } from '../../http/response';
import { HttpResponse } from '../../http/response';
import type { Request } from '../../http/request';
import { startWebServer } from '../../http/serve';
import type { Middleware } from '../../http/types';
import { type AddrPort, displayUrl } from './addrport';
import { devStaticMiddleware } from '../../http/dev-static';
import { projectWatchList, sendWatchList } from './watch-list';

type StyleFn = (text: string) => string;
export interface DevServerIO {
  out: (line: string) => void;
  err: (line: string) => void;
  style: Record<'httpInfo' | 'httpSuccess' | 'httpRedirect' | 'httpNotModified' | 'httpBadRequest' | 'httpNotFound' | 'httpServerError', StyleFn>;
  /** Called once the server listens, after the banner: the previous child is gone by then (and with it any lock it held). */
  started?: () => void;
}

export interface DevServerOptions extends AddrPort {
  adapter: 'native' | 'node' | 'auto';
  noStatic: boolean;
  /** Serve static files even with DEBUG off (Django's --insecure). */
  insecure?: boolean;
  /** An inherited listening socket (the reloader's). */
  fd?: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number) => String(n).padStart(2, '0');

function logTime(d = new Date()): string {
  return `${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function statusStyle(status: number, style: DevServerIO['style']): StyleFn {
  if (status < 200) return style.httpInfo;
  if (status === 304) return style.httpNotModified;
  if (status < 300) return style.httpSuccess;
  if (status < 400) return style.httpRedirect;
  if (status === 404) return style.httpNotFound;
  if (status < 500) return style.httpBadRequest;
  return style.httpServerError;
}

export function requestLogLine(request: Request, response: BaseResponse): string {
  const version = (request.raw as { httpVersion?: string }).httpVersion ?? '1.1';
  const size = response instanceof HttpResponse ? response.content.length : '-';
  // eslint-disable-next-line no-control-regex -- control characters are escaped so a path cannot forge log lines
  const target = request.getFullPath().replace(/[\x00-\x1f\x7f"]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `[${logTime()}] "${request.method} ${target} HTTP/${version}" ${response.status} ${size}`;
}

/**
 * Under the reloader: the project is loaded, now wait until the previous child has
 * exited before serving, so two processes never use the project at once (an
 * embedded database admits one). Loading overlapped with its shutdown.
 */
function waitForTurn(): Promise<void> {
  if (!process.send || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      // The channel stays open (modules loaded later, by a request, are reported
      // too) but no longer keeps the process alive once the server has stopped.
      (process.channel as { unref?: () => void } | undefined)?.unref?.();
      resolve();
    };
    process.once('message', done);
    process.once('disconnect', resolve);
    process.send!({ type: 'hyper:loaded' });
  });
}

/** Starts the server and resolves when it has been stopped by SIGINT/SIGTERM. */
export async function runDevServer(options: DevServerOptions, io: DevServerIO): Promise<void> {
  // Load the URLconf now so a broken urls.ts is reported at start, not on the first request.
  void getResolver().urlPatterns;
  sendWatchList(projectWatchList(loadedSettings().projectRoot));
  await waitForTurn();
  const middleware: Array<string | Middleware | ((...args: never[]) => unknown)> = [...settings.MIDDLEWARE];
  // As Django: static files from the finders in DEBUG, or with --insecure; never by default in production.
  const staticMw = (settings.DEBUG || options.insecure) && !options.noStatic ? devStaticMiddleware() : null;
  if (staticMw) middleware.unshift(staticMw);
  // Uploaded files under MEDIA_URL, in DEBUG only (Django's static() helper in urls.py); `hyper serve` never serves them.
  if (settings.DEBUG && settings.MEDIA_URL) {
    const media = require('../../static/serve/dev-media') as typeof import('../../static/serve/dev-media');
    if (media.mediaPrefix()) middleware.unshift(media.devMediaFiles);
  }
  const { server, port, host } = await startWebServer({
    adapter: options.adapter,
    port: options.port,
    host: options.host,
    fd: options.fd,
    middleware: middleware as Middleware[],
    onResponse: (request, response) => io.err(statusStyle(response.status, io.style)(requestLogLine(request, response))),
    log: (level, message, error) => {
      const stack = level === 'error' && error instanceof Error ? `\n${error.stack}` : '';
      io.err(`${level === 'error' ? 'ERROR' : level === 'warning' ? 'WARNING' : 'INFO'} ${message}${stack}`);
    },
  });
  const now = new Date();
  const file = loadedSettings().file;
  io.out(`${LONG_MONTHS[now.getMonth()]} ${now.getDate()}, ${now.getFullYear()} - ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`);
  io.out(`HyperDjango version ${frameworkVersion()}, using settings '${file ? path.relative(loadedSettings().projectRoot, file) : '(defaults)'}'`);
  io.out(`Starting development server at ${displayUrl({ host, port })}`);
  io.out('Quit the server with CONTROL-C.');
  io.started?.();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close({ deadline: 1000 }).then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
