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
cli.main().then((code) => { process.exitCode = code; });
