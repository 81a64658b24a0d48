#!/usr/bin/env node
// `npm run fuzz -- <http|router|static-negotiate> [libFuzzer flags]`: builds the libFuzzer
// harness in native/fuzz/ with ASan and UBSan (clang), then runs it on a working
// copy of the committed seed corpus. Default: -runs=10000000.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const native = path.join(root, 'native');
const targets = {
  http: { harness: 'http-fuzz.cc', sources: ['http-parser.cc', 'chunk-decoder.cc'], dict: 'http.dict' },
  // Matching backtracks over the rest of the path per converter, so long inputs
  // cost quadratically; 512 bytes still hold dozens of patterns and long paths.
  router: { harness: 'router-fuzz.cc', sources: ['router.cc'], maxLen: 512 },
  'static-negotiate': { harness: 'static-negotiate-fuzz.cc', sources: ['static-negotiate.cc'] },
};

const [name, ...rest] = process.argv.slice(2);
if (!targets[name]) {
  process.stderr.write(`usage: npm run fuzz -- <${Object.keys(targets).join('|')}> [libFuzzer flags, e.g. -runs=1000000 -max_total_time=60]\n`);
  process.exit(2);
}
const clang = ['clang++', 'clang++-16', 'clang++-15', 'clang++-14'].find((c) => spawnSync(c, ['--version']).status === 0);
if (!clang) {
  process.stderr.write('clang++ with libFuzzer is needed: apt-get install clang (Debian ships libFuzzer with it)\n');
  process.exit(1);
}
const target = targets[name];
const outDir = path.join(native, 'build', 'fuzz');
fs.mkdirSync(outDir, { recursive: true });
const binary = path.join(outDir, `${name}-fuzz`);
const inputs = [path.join(native, 'fuzz', target.harness), ...target.sources.map((s) => path.join(native, 'src', s))];
const stale = !fs.existsSync(binary) || inputs.some((f) => fs.statSync(f).mtimeMs > fs.statSync(binary).mtimeMs);
if (stale) {
  const args = ['-std=c++20', '-g', '-O1', '-fno-omit-frame-pointer', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined', ...inputs, '-o', binary];
  process.stdout.write(`${clang} ${args.map((a) => path.relative(root, a) || a).join(' ')}\n`);
  const built = spawnSync(clang, args, { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// libFuzzer adds what it finds to the first corpus directory: a working copy,
// so the committed seeds stay small and reviewed.
const work = path.join(outDir, `corpus-${name}`);
fs.mkdirSync(work, { recursive: true });
const seeds = path.join(native, 'fuzz', 'corpus', name);
const flags = rest.length ? rest : ['-runs=10000000'];
if (!flags.some((f) => f.startsWith('-runs=') || f.startsWith('-max_total_time='))) flags.push('-runs=10000000');
if (target.maxLen && !flags.some((f) => f.startsWith('-max_len='))) flags.push(`-max_len=${target.maxLen}`);
const dict = target.dict && path.join(native, 'fuzz', target.dict);
if (dict && fs.existsSync(dict)) flags.push(`-dict=${dict}`);
const artifacts = path.join(outDir, 'artifacts') + path.sep;
fs.mkdirSync(artifacts, { recursive: true });
const run = spawnSync(binary, [...flags, `-artifact_prefix=${artifacts}`, '-print_final_stats=1', work, seeds], {
  stdio: 'inherit',
  env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' },
});
process.exit(run.status ?? 1);
