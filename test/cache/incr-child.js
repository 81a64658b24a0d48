// A second process for the cache conformance suite: configures the settings given as
// JSON, then increments 'counter' N times, ten at a time, on CACHES.default (the built
// framework in dist/, as a deployed worker runs it).
const { configure } = require('../../dist/src/conf');
const { caches } = require('../../dist/src/cache');
const { connections } = require('../../dist/src/db');

async function main() {
  const [settings, times] = process.argv.slice(2);
  configure(JSON.parse(settings));
  const cache = caches.get('default');
  for (let done = 0; done < Number(times); done += 10) {
    await Promise.all(Array.from({ length: 10 }, () => cache.incr('counter')));
  }
  await caches.closeAll();
  await connections.closeAll();
}

main().catch((error) => {
  process.stderr.write(`${error.code ?? ''} ${error.message}\n`);
  process.exit(1);
});
