// A runserver child waiting in reserve: node is booted and the framework's
// modules are loaded, but nothing of the project. On 'go' it runs the CLI, which
// loads the project fresh. Saves the boot and framework load from each reload.
import type { main as Main } from '../../management/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = require('../../management/cli') as { main: typeof Main };
for (const mod of ['../index', '../../urls/index', '../../views/index', '../../shortcuts/index', '../../template/index', '../../management/index']) {
  try {
    require(mod);
  } catch {
    // preloading is only an optimisation
  }
}
try {
  require('../../../commands/runserver');
} catch {
  // idem
}

process.once('message', (message: { type?: string; argv?: string[] }) => {
  if (message?.type !== 'go' || !Array.isArray(message.argv)) process.exit(1);
  // The channel stays open until the server listens (waitForTurn in run-dev-server).
  void cli.main(message.argv!).then((code) => {
    process.exitCode = code;
  });
});
// Without a parent (it died), a standby has nothing to wait for.
process.once('disconnect', () => {
  if (!process.listenerCount('message')) return;
  process.exit(0);
});
