#!/usr/bin/env node
// `npm run bench -- <area> [args]`: runs benchmarks/<area>/index.js. Each area runs
// this framework and its peers side by side in one run and prints medians and ratios.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [area, ...args] = process.argv.slice(2);
const areas = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(__dirname, entry.name, 'index.js')))
  .map((entry) => entry.name)
  .sort();
if (!area || !areas.includes(area)) {
  process.stderr.write(`usage: npm run bench -- <area>   (areas: ${areas.join(', ') || 'none'})\n`);
  process.exit(2);
}
process.argv = [process.argv[0], path.join(__dirname, area, 'index.js'), ...args];
require(path.join(__dirname, area, 'index.js'));
