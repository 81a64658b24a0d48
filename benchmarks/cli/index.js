#!/usr/bin/env node
// `npm run bench -- cli [--runs N]`: cold start of `hyper --help` and `hyper check` on a
// new project, beside `node -e 0` (the floor no Node CLI can beat). Each round runs
// the three in turn, so machine noise touches them alike; medians are compared.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'hyper.js');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag === -1 ? 20 : Number(process.argv[runsFlag + 1]);
const TARGETS = { help: 120, check: 250 };

if (!fs.existsSync(path.join(root, 'dist', 'src', 'management', 'cli.js'))) {
  console.error('benchmarks/cli: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const env = { ...process.env };
for (const key of Object.keys(env)) if (/^(HYPER_|FORCE_COLOR|NO_COLOR|NODE_OPTIONS)/.test(key)) delete env[key];

function run(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-cli-'));
try {
  run([bin, 'startproject', 'benchsite'], workspace);
  const project = path.join(workspace, 'benchsite');
  const cases = {
    floor: ['-e', '0'],
    help: [bin, '--help'],
    check: [bin, 'check'],
  };
  // One warm-up of each: the OS file cache and hyper's compile cache (.hyper/) are
  // warm in everyday use; the first run after an edit pays esbuild once.
  const firstCheck = run(cases.check, project);
  for (const args of Object.values(cases)) run(args, project);

  const times = { floor: [], help: [], check: [] };
  for (let round = 0; round < runs; round++) {
    for (const [name, args] of Object.entries(cases)) times[name].push(run(args, project));
  }
  const floor = median(times.floor);
  console.log(`cold start, median of ${runs} runs (${os.cpus().length} cores, node ${process.version})`);
  console.log(`${'command'.padEnd(30)} ${'median'.padStart(9)} ${'over floor'.padStart(11)} ${'ratio'.padStart(6)}  target`);
  const rows = [
    ['node -e 0 (floor)', 'floor'],
    ['hyper --help', 'help'],
    ['hyper check (new project)', 'check'],
  ];
  for (const [label, name] of rows) {
    const value = median(times[name]);
    const over = value - floor;
    const target = TARGETS[name];
    const verdict = target === undefined ? '' : `<= ${target} ms over floor: ${over <= target ? 'met' : 'MISSED'}`;
    console.log(
      `${label.padEnd(30)} ${value.toFixed(1).padStart(6)} ms ${(name === 'floor' ? '' : `+${over.toFixed(1)} ms`).padStart(11)} ${(value / floor).toFixed(2).padStart(5)}x  ${verdict}`,
    );
  }
  console.log(`first hyper check after startproject (compiles settings.ts with esbuild): ${firstCheck.toFixed(1)} ms`);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
