// `npm run bench -- web multipart-instructions [--against=DIR] [--parses=1]` (after
// `npm run build`): user-space instructions per parse of the multipart benchmark's
// bodies, counted by callgrind. Unlike parses per second these counts hardly move
// with the machine's other load, so they show what a change to the parser costs.
// Each case runs in two processes, after the same warm-up, one parsing N more
// times than the other (N = 40 x --parses for the 10 MiB file, 400 x for the
// fields, 200 x for the typical form); the difference over N leaves out start-up,
// building the body and the one-time compilation. --against=DIR counts another
// build's dist/ the same way (a copy made before a change) and prints the ratio.
// Under `node --single-threaded`, so V8 compiles and collects on the counted thread.
'use strict';
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CASES = {
  '10 MiB file, in memory': { body: 'bigBody', memory: 'in-memory', warm: 20, more: 40 },
  '10 MiB file, to disk': { body: 'bigBody', memory: 0, warm: 20, more: 40 },
  '200 small fields': { body: 'fieldsBody', memory: 'in-memory', warm: 200, more: 400 },
  '10 fields + 2 x 100 KiB files': { body: 'typicalBody', memory: 2.5 * 1024 * 1024, warm: 100, more: 200 },
};

/** In the counted child: parse one case's body `times` times with the parser of `dist`. */
async function parseTimes(dist, caseName, times) {
  const { BOUNDARY, MEMORY, chunksOf, ...bodies } = require('./multipart-bodies');
  const { parseMultipart } = require(path.join(dist, 'src/http/multipart'));
  const c = CASES[caseName];
  const chunks = chunksOf(bodies[c.body]());
  const limits = { maxFields: 1000, maxFiles: 100, maxFieldBytes: 2.5 * 1024 * 1024, fileMemorySize: c.memory === 'in-memory' ? MEMORY : c.memory, tempDir: os.tmpdir() };
  for (let i = 0; i < times; i++) {
    const { files } = await parseMultipart(chunks, BOUNDARY, limits);
    for (const file of files.all()) await file.cleanup();
  }
}

/** Instructions of one child process that parses `times` times. */
function count(dist, caseName, times) {
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', __filename, '--count', dist, caseName, String(times)];
  const run = spawnSync('valgrind', args, { encoding: 'utf8' });
  const collected = /Collected : (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !collected) throw new Error(`callgrind failed for ${caseName}: ${run.stderr.slice(-500)}`);
  return Number(collected[1]);
}

function perParse(dist, caseName, scale) {
  const c = CASES[caseName];
  const more = c.more * scale;
  return (count(dist, caseName, c.warm + more) - count(dist, caseName, c.warm)) / more;
}

async function main() {
  const { args, opt } = require('../support/load');
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is needed (apt-get install valgrind)');
  const scale = opt('parses', 1);
  const againstArg = args.find((a) => a.startsWith('--against='));
  const against = againstArg && path.resolve(againstArg.slice('--against='.length));
  const ours = path.resolve(__dirname, '../../dist');
  process.stdout.write(`multipart/form-data parsing, bodies in 64 KiB chunks; user-space instructions per parse under callgrind; node ${process.version}\n\n`);
  process.stdout.write(`${'case'.padEnd(32)}${'hyper'.padStart(14)}${against ? `${'against'.padStart(14)}${'x against'.padStart(11)}` : ''}\n`);
  for (const name of Object.keys(CASES)) {
    const mine = perParse(ours, name, scale);
    const theirs = against ? perParse(against, name, scale) : 0;
    const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(14);
    process.stdout.write(`${name.padEnd(32)}${fmt(mine)}${against ? `${fmt(theirs)}${(mine / theirs).toFixed(3).padStart(11)}` : ''}\n`);
  }
}

if (process.argv[2] === '--count') {
  parseTimes(process.argv[3], process.argv[4], Number(process.argv[5])).catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
} else {
  module.exports = main;
}
