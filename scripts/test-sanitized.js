#!/usr/bin/env node
// `npm run test:sanitized [-- jest args]`: builds a copy of the native addon with
// AddressSanitizer and UBSan (into native/sanitized/, beside the normal build) and
// runs the suites that drive it over real sockets with that copy loaded. Any
// out-of-bounds access, use after free or undefined behaviour aborts the run.
// Needs gcc's libasan and libubsan (Linux).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync, execFileSync } = require('node:child_process');
const { findNodeGyp, commonArgs, configureAndBuild } = require('./node-gyp');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'native', 'sanitized');
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=undefined', '-fno-omit-frame-pointer', '-g', '-O1'];
const DEFAULT_TESTS = ['test/server', 'test/http', 'test/static/serve-server.test.ts', 'test/middleware/csrf-sockets.test.ts'];

function fail(message) {
  process.stderr.write(`test:sanitized: ${message}\n`);
  process.exit(1);
}

/** native/binding.gyp with its sources one folder up and the sanitizers instead of -O3. */
function sanitizedGyp() {
  const gyp = JSON.parse(fs.readFileSync(path.join(root, 'native', 'binding.gyp'), 'utf8'));
  for (const target of gyp.targets) {
    target.sources = target.sources.map((source) => path.join('..', source));
    target.cflags = [...target.cflags.filter((flag) => flag !== '-O3'), ...SANITIZE];
    target.cflags_cc = [...target.cflags_cc.filter((flag) => flag !== '-O3'), ...SANITIZE];
    target.ldflags = [...(target.ldflags ?? []), '-fsanitize=address,undefined'];
  }
  return `${JSON.stringify(gyp, null, 2)}\n`;
}

function runtimeLibrary(name) {
  const file = execFileSync('gcc', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
  if (!path.isAbsolute(file)) fail(`gcc has no ${name}; install gcc's sanitizer runtimes`);
  return file;
}

const gyp = findNodeGyp();
if (!gyp) fail('node-gyp not found');
fs.mkdirSync(dir, { recursive: true });
const gypFile = path.join(dir, 'binding.gyp');
const text = sanitizedGyp();
// Rewritten only when it changes, so an unchanged gyp file keeps the configured build.
if (!fs.existsSync(gypFile) || fs.readFileSync(gypFile, 'utf8') !== text) fs.writeFileSync(gypFile, text);
process.stdout.write('building the native addon with ASan and UBSan ...\n');
const failure = configureAndBuild(gyp, dir, commonArgs(), process.argv.includes('--verbose'));
if (failure) fail(`the sanitized build failed: ${failure}`);
const binary = path.join(dir, 'build', 'Release', 'hyper_native.node');

const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--verbose');
const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [root] }), '--runInBand', ...(jestArgs.length ? jestArgs : DEFAULT_TESTS)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    HYPER_NATIVE_PATH: binary,
    // Node itself is not instrumented: the runtimes must be loaded before it.
    LD_PRELOAD: [runtimeLibrary('libasan.so'), runtimeLibrary('libubsan.so')].join(' '),
    // V8 and libuv allocate for the life of the process; leaks are not what this looks for.
    ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1:abort_on_error=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  },
});
process.exit(result.status ?? 1);
