#!/usr/bin/env node
// Builds the native addon (native/binding.gyp) with node-gyp. It never fails the
// surrounding build: when the compile cannot happen, it prints one line and exits
// 0, and the framework serves through its node:http adapter instead.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const nativeDir = path.join(root, 'native');
const verbose = process.argv.includes('--verbose');

function notice(reason) {
  process.stdout.write(`native addon not built (${reason}); the node:http adapter will be used\n`);
  process.exit(0);
}

if (process.env.HYPER_SKIP_NATIVE_BUILD === '1') notice('HYPER_SKIP_NATIVE_BUILD=1');

let gyp;
try {
  gyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
} catch {
  const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (fs.existsSync(bundled)) gyp = bundled;
}
if (!gyp) notice('node-gyp not found');

// Use the local Node headers when they exist, so no download is attempted.
const args = [];
const nodedir =
  process.env.npm_config_nodedir ||
  [path.resolve(path.dirname(process.execPath), '..')].find((dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node.h')));
if (nodedir) args.push(`--nodedir=${nodedir}`);
if (process.argv.includes('--debug')) args.push('--debug');

function run(command) {
  const result = spawnSync(process.execPath, [gyp, command, ...args], {
    cwd: nativeDir,
    encoding: 'utf8',
    stdio: verbose ? 'inherit' : 'pipe',
  });
  if (result.error) return result.error.message;
  if (result.status !== 0) {
    const lines = `${result.stdout || ''}${result.stderr || ''}`.split('\n');
    // The most telling line: a compiler error, else the cause node-gyp gives.
    const reason =
      lines.find((line) => /: (fatal )?error: /.test(line)) ||
      lines.find((line) => /^gyp ERR! stack Error: /.test(line))?.replace(/^gyp ERR! stack Error: /, '') ||
      lines.find((line) => /^gyp ERR! /.test(line) && !/^gyp ERR! (stack|System|command|cwd|node|not ok)/.test(line));
    return (reason || `node-gyp ${command} exited with ${result.status}`).trim().slice(0, 200);
  }
  return null;
}

// Configure once; `make` then rebuilds only what changed. A newer binding.gyp
// (sources added) needs a fresh configure.
const makefile = path.join(nativeDir, 'build', 'Makefile');
const configured =
  fs.existsSync(makefile) && fs.statSync(makefile).mtimeMs >= fs.statSync(path.join(nativeDir, 'binding.gyp')).mtimeMs;
const binary = path.join(nativeDir, 'build', 'Release', 'hyper_native.node');
const failure = (configured ? null : run('configure')) || run('build');
if (failure) {
  // A binary left from an earlier build would not match these sources.
  fs.rmSync(binary, { force: true });
  notice(failure);
}
if (!fs.existsSync(binary)) notice('no binary produced');
process.stdout.write(`built native addon ${path.relative(root, binary)}\n`);
