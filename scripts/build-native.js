#!/usr/bin/env node
// Builds the native addon (native/binding.gyp) with node-gyp. It never fails the
// surrounding build: when the compile cannot happen, it prints one line and exits
// 0, and the framework serves through its node:http adapter instead.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { findNodeGyp, commonArgs, configureAndBuild } = require('./node-gyp');

const root = path.resolve(__dirname, '..');
const nativeDir = path.join(root, 'native');
const verbose = process.argv.includes('--verbose');

function notice(reason) {
  process.stdout.write(`native addon not built (${reason}); the node:http adapter will be used\n`);
  process.exit(0);
}

if (process.env.HYPER_SKIP_NATIVE_BUILD === '1') notice('HYPER_SKIP_NATIVE_BUILD=1');

const gyp = findNodeGyp();
if (!gyp) notice('node-gyp not found');

const args = commonArgs();
if (process.argv.includes('--debug')) args.push('--debug');

const binary = path.join(nativeDir, 'build', 'Release', 'hyper_native.node');
const failure = configureAndBuild(gyp, nativeDir, args, verbose);
if (failure) {
  // A binary left from an earlier build would not match these sources.
  fs.rmSync(binary, { force: true });
  notice(failure);
}
if (!fs.existsSync(binary)) notice('no binary produced');
process.stdout.write(`built native addon ${path.relative(root, binary)}\n`);
