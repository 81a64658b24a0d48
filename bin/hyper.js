#!/usr/bin/env node
'use strict';
// dist/ ships source maps: --traceback then shows the framework's .ts lines.
process.setSourceMapsEnabled(true);
let cli;
try {
  cli = require('../dist/src/management/cli.js');
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  process.stderr.write(`hyper: the framework is not built; run \`npm run build\` in ${require('node:path').resolve(__dirname, '..')}\n`);
  process.exit(1);
}
// main() reports a command's failure itself and resolves to the exit code; a rejection
// here is a fault of the CLI itself, printed whole.
cli.main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
