// Finding and running node-gyp, for the addon's normal build (build-native.js) and
// its sanitizer build (test-sanitized.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

/** node-gyp's entry script: the project's copy, else npm's own; undefined when neither is there. */
function findNodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] });
  } catch {
    const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return fs.existsSync(bundled) ? bundled : undefined;
  }
}

/** Flags for every node-gyp command: the local Node headers when they exist, so no download is attempted. */
function commonArgs() {
  const nodedir =
    process.env.npm_config_nodedir ||
    [path.resolve(path.dirname(process.execPath), '..')].find((dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node.h')));
  return nodedir ? [`--nodedir=${nodedir}`] : [];
}

/** Runs `node-gyp <command>` in `cwd`; returns null, or the most telling line of its failure. */
function runNodeGyp(gyp, cwd, command, args, verbose) {
  const result = spawnSync(process.execPath, [gyp, command, ...args], { cwd, encoding: 'utf8', stdio: verbose ? 'inherit' : 'pipe' });
  if (result.error) return result.error.message;
  if (result.status === 0) return null;
  const lines = `${result.stdout || ''}${result.stderr || ''}`.split('\n');
  // A compiler error, else the cause node-gyp gives.
  const reason =
    lines.find((line) => /: (fatal )?error: /.test(line)) ||
    lines.find((line) => /^gyp ERR! stack Error: /.test(line))?.replace(/^gyp ERR! stack Error: /, '') ||
    lines.find((line) => /^gyp ERR! /.test(line) && !/^gyp ERR! (stack|System|command|cwd|node|not ok)/.test(line));
  return (reason || `node-gyp ${command} exited with ${result.status}`).trim().slice(0, 200);
}

/** Configures once (again when binding.gyp is newer than the Makefile), then builds what changed. */
function configureAndBuild(gyp, dir, args, verbose) {
  const makefile = path.join(dir, 'build', 'Makefile');
  const configured = fs.existsSync(makefile) && fs.statSync(makefile).mtimeMs >= fs.statSync(path.join(dir, 'binding.gyp')).mtimeMs;
  return (configured ? null : runNodeGyp(gyp, dir, 'configure', args, verbose)) || runNodeGyp(gyp, dir, 'build', args, verbose);
}

module.exports = { findNodeGyp, commonArgs, runNodeGyp, configureAndBuild };
