// `npm run bench -- web dispatch [--calls=20000 --warmup=30000]`: the framework's own
// dispatch, without a socket: user-space instructions per WebHandler.serve call
// under callgrind (collection on only for the counted calls, after a warm-up), for
// the "web" JSON view behind a new project's MIDDLEWARE and behind none
// (servers/dispatch-loop.js). The native server's share is in `web instructions`.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { opt } = require('../support/load');
const { callgrind, totalInstructions } = require('../http/instructions');

function waitFor(child, pattern) {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`dispatch loop exited with ${code} before printing ${pattern}`)));
  });
}

async function count(stack, calls, warmup) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-dispatch-'));
  const child = callgrind(outDir, process.execPath, [path.join(__dirname, 'servers', 'dispatch-loop.js'), stack, String(calls), String(warmup)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  try {
    await waitFor(child, /warm\n/);
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    const done = waitFor(child, /done \d+ true\n/);
    child.stdin.write('go\n');
    await done;
    execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    child.stdin.write('exit\n');
    return (await totalInstructions(outDir)) / calls;
  } catch (error) {
    // callgrind's own lines ('==pid== ...') are noise; the script's are why it failed.
    process.stderr.write(errors.split('\n').filter((line) => !line.startsWith('==')).join('\n'));
    throw error;
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

module.exports = async function dispatch() {
  const calls = opt('calls', 20000);
  const warmup = opt('warmup', 30000);
  process.stdout.write(`WebHandler.serve for the JSON view /api/items/42/?q=x, no cookie, no socket; user-space instructions per call under callgrind, ${calls} calls after ${warmup}; node ${process.version}\n\n`);
  const rows = [];
  for (const [name, stack] of [["new project's default MIDDLEWARE", 'default'], ['no middleware', 'none']]) {
    const ir = await count(stack, calls, warmup);
    rows.push(ir);
    process.stdout.write(`${name.padEnd(40)}${ir.toFixed(0).padStart(10)} instr/call\n`);
  }
  const [stackIr, none] = rows;
  process.stdout.write(`\nthe default stack costs ${(((stackIr - none) / none) * 100).toFixed(1)}% on top of no middleware (${(stackIr - none).toFixed(0)} instr/call)\n`);
};
