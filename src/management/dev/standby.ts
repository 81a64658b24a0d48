// A runserver child waiting in reserve: node is booted and the framework's
// modules are loaded, but nothing of the project. On 'go' it runs the CLI, which
// loads the project fresh. Saves the boot and framework load from each reload.
// It reports each project file it loads to the reloader, which watches them; when
// the project fails to load, it answers requests with the error (broken-project).
import { main } from '../cli';
import { onTypeScriptLoad } from '../../core/ts-loader/register';
import { parseAddrPort } from './addrport';
import { REPORTED_MIGRATIONS_ENV } from './migrations-notice';
import { preloadFramework } from './preload';
import { serveBrokenProject } from './broken-project';
import { projectWatchList, sendWatchList } from './watch-list';

preloadFramework();

// Files loaded on 'go' and later (a module a view imports on its first request) are
// reported in batches; the reloader keeps only the project's own.
const pending: string[] = [];
onTypeScriptLoad((file) => {
  if (pending.push(file) === 1) setImmediate(() => sendWatchList({ files: pending.splice(0), dirs: [] }));
});

process.once('message', (message: { type?: string; argv?: string[]; root?: string; reportedMigrations?: string }) => {
  if (message?.type !== 'go' || !Array.isArray(message.argv)) process.exit(1);
  if (typeof message.reportedMigrations === 'string') process.env[REPORTED_MIGRATIONS_ENV] = message.reportedMigrations;
  let failure: unknown;
  // The channel stays open until the server listens (waitForTurn in run-dev-server).
  void main(message.argv, undefined, (error) => (failure = error)).then(async (code) => {
    process.exitCode = code;
    if (code === 0 || failure === undefined) return;
    sendWatchList(projectWatchList(message.root ?? process.cwd(), failure));
    const fd = process.env.HYPER_LISTEN_FD ? Number(process.env.HYPER_LISTEN_FD) : undefined;
    let server;
    try {
      server = await serveBrokenProject(failure, { fd, ...parseAddrPort(message.argv![1]) });
    } catch {
      return; // no socket to answer on: the reloader reports the exit
    }
    const stop = () => void server.close({ deadline: 200 }).finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    if (process.connected) process.send!({ type: 'hyper:broken' });
  });
});
// Without a parent (it died), a standby has nothing to wait for.
process.once('disconnect', () => {
  if (!process.listenerCount('message')) return;
  process.exit(0);
});
