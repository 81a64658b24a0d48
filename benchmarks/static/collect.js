// `npm run bench -- static collect` (after `npm run build`): `hyper collectstatic
// --noinput` through the real CLI on 2,000 generated static files (600 CSS files
// referring to images, 600 JS files, 800 images), cold (empty STATIC_ROOT: copy,
// hash, rewrite, minify, .gz/.br, manifest) and then with nothing changed. Peers: the
// same tree copied by fs.cpSync in a node process (what a plain copy costs), and
// collectstatic --no-post-process. Targets: cold <= 3 s, unchanged <= 0.5 s.
// Options: --runs N (default 3).
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'hyper.js');
const COUNTS = { css: 600, js: 600, img: 800 };

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function option(argv, name, fallback) {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : Number(argv[at + 1]);
}

function timed(args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout.trim().split('\n').pop() };
}

/** Deterministic content (about 2 KB of JS, 1.2 KB of CSS, 1 to 4 KB per image), so runs are comparable. */
function jsFile(i) {
  const body = Array.from({ length: 12 }, (_, k) => `  const value${k} = compute(input + ${k}, "label ${i}-${k}");\n  if (value${k} > threshold) results.push({ index: ${k}, value: value${k} });`).join('\n');
  return `function compute(value, label) {\n  return value * 2 + label.length;\n}\nfunction module${i}(input, threshold) {\n  const results = [];\n${body}\n  return results;\n}\nwindow.module${i} = module${i};\n`;
}

function cssFile(i) {
  const rules = Array.from({ length: 12 }, (_, k) => `.block-${i}-${k} {\n  margin: ${k}px 0px;\n  padding: 0px ${k}px;\n  color: #ff${String(k).padStart(4, '0')};\n}`).join('\n');
  return `/* stylesheet ${i} */\n.hero-${i} { background: url("../img/img${i % COUNTS.img}.png"); }\n.icon-${i} { background: url(../img/img${(i * 7) % COUNTS.img}.png?v=2); }\n${rules}\n`;
}

function generate(project) {
  const dir = (name) => {
    fs.mkdirSync(path.join(project, 'static', name), { recursive: true });
    return path.join(project, 'static', name);
  };
  const css = dir('css');
  const js = dir('js');
  const img = dir('img');
  for (let i = 0; i < COUNTS.css; i++) fs.writeFileSync(path.join(css, `style${i}.css`), cssFile(i));
  for (let i = 0; i < COUNTS.js; i++) fs.writeFileSync(path.join(js, `script${i}.js`), jsFile(i));
  for (let i = 0; i < COUNTS.img; i++) {
    const seed = crypto.createHash('sha256').update(String(i)).digest();
    fs.writeFileSync(path.join(img, `img${i}.png`), Buffer.concat(Array.from({ length: 32 + (i % 96) }, () => seed)));
  }
  const settings = path.join(project, 'settings.ts');
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace('INSTALLED_APPS: [],', "INSTALLED_APPS: ['hyperdjango.staticfiles'],"));
}

async function run(argv = []) {
  const runs = option(argv, '--runs', 3);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-static-'));
  try {
    timed([bin, 'startproject', 'assets'], workspace);
    const project = path.join(workspace, 'assets');
    generate(project);
    const out = path.join(project, 'staticfiles');
    const copyTarget = path.join(workspace, 'copy');
    const copyScript = `require('node:fs').cpSync(${JSON.stringify(path.join(project, 'static'))}, ${JSON.stringify(copyTarget)}, { recursive: true })`;
    // Warm-up: compiles settings.ts into the project's cache, as in everyday use.
    timed([bin, 'check'], project);
    // Each run's output is moved aside and everything is deleted at the end. On an
    // ext4 without a journal (this machine's disk) every create skips, one by one,
    // the inodes freed in the last half minute or more, so deleting the previous
    // output just before a run would time the deletion's aftermath, not the run.
    const setAside = path.join(workspace, 'set-aside');
    fs.mkdirSync(setAside);
    let moved = 0;
    const moveAside = (dir) => fs.existsSync(dir) && fs.renameSync(dir, path.join(setAside, String(moved++)));
    const times = { floor: [], copy: [], plain: [], cold: [], unchanged: [] };
    let summary = {};
    for (let i = 0; i < runs; i++) {
      times.floor.push(timed(['-e', '0'], project).ms);
      moveAside(copyTarget);
      times.copy.push(timed(['-e', copyScript], project).ms);
      moveAside(out);
      const plain = timed([bin, 'collectstatic', '--noinput', '--no-post-process', '--skip-checks'], project);
      times.plain.push(plain.ms);
      moveAside(out);
      const cold = timed([bin, 'collectstatic', '--noinput'], project);
      times.cold.push(cold.ms);
      const unchanged = timed([bin, 'collectstatic', '--noinput'], project);
      times.unchanged.push(unchanged.ms);
      summary = { plain: plain.stdout, cold: cold.stdout, unchanged: unchanged.stdout };
    }
    const total = COUNTS.css + COUNTS.js + COUNTS.img;
    const row = (label, ms, extra = '') => console.log(`  ${label.padEnd(44)}${ms.toFixed(0).padStart(7)} ms${extra}`);
    const target = (ms, limit) => `   target <= ${limit} ms: ${ms <= limit ? 'met' : 'MISSED'}`;
    const copy = median(times.copy);
    console.log(`collectstatic of ${total} files (${COUNTS.css} CSS, ${COUNTS.js} JS, ${COUNTS.img} images); median of ${runs} runs (node ${process.version}, ${os.cpus().length} cores)`);
    row('node -e 0 (floor)', median(times.floor));
    row('node: fs.cpSync of the tree (peer)', copy);
    row('hyper collectstatic --no-post-process', median(times.plain), `   ${(median(times.plain) / copy).toFixed(2)}x the copy`);
    row('hyper collectstatic, cold', median(times.cold), `${target(median(times.cold), 3000)}   ${(median(times.cold) / copy).toFixed(2)}x the copy`);
    row('hyper collectstatic, nothing changed', median(times.unchanged), target(median(times.unchanged), 500));
    console.log(`  last summaries: ${summary.plain} | ${summary.cold} | ${summary.unchanged}`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

module.exports = { run, generate };
if (require.main === module) run(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
