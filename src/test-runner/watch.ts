// `hyper test --watch`: a run, then another whenever a file of the project changes:
// only the changed test file when it is one of the selected, else every selected file.
import * as path from 'node:path';
import { apps } from '../apps/registry';
import { loadedSettings } from '../conf/settings';
import { isNotSource } from '../management/dev/watch-list';
import { selectTests } from './discovery';
import { runTests, type RunOptions } from './runner';

const QUIET_MS = 150;

export async function watchTests(options: RunOptions): Promise<void> {
  const chokidar = require('chokidar') as typeof import('chokidar');
  const root = loadedSettings().projectRoot;
  const selection = () => selectTests(options.labels, apps.getAppConfigs(), process.cwd());
  await runTests(options, selection()).catch((error) => options.stdout.write(String((error as Error).message ?? error), options.style.error));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const watcher = chokidar.watch(root, {
    ignored: (file: string) => isNotSource(root, file),
    ignoreInitial: true,
  });
  const rerun = () => {
    const files = [...changed];
    changed.clear();
    running = running.then(async () => {
      const all = selection();
      const onlyTests = files.every((file) => all.files.includes(file));
      options.stdout.write(`\n${files.map((file) => path.relative(root, file)).join(', ')} changed; running ${onlyTests ? 'its tests' : 'all selected tests'}.`);
      await runTests(options, onlyTests ? { files, names: Object.fromEntries(files.filter((file) => all.names[file]).map((file) => [file, all.names[file]])) } : all).catch((error) => options.stdout.write(String((error as Error).message ?? error), options.style.error));
    });
  };
  // Said once the watcher has read the folder: a save before that would go unseen.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  options.stdout.write('Watching for file changes (Ctrl-C to stop)...');
  watcher.on('all', (_event: string, file: string) => {
    if (!/\.(ts|js|json|html)$/.test(file)) return;
    changed.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(rerun, QUIET_MS);
  });
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  clearTimeout(timer);
  await watcher.close();
  await running;
}
