#!/usr/bin/env node
// `node scripts/fuzz-multipart.js [--seconds=60] [--seed=1]`: the multipart parser's
// generator-based fuzz (test/http/multipart-fuzz.ts) for longer than jest runs it.
// Alternates random well-formed bodies (the parse must equal what was encoded) and
// damaged ones (only a 400/413 error, no temporary file left), each seed from
// --seed on; prints the first failing seed, or how many cases ran.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const opt = (name, def) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : def;
};
const seconds = opt('seconds', 60);
const firstSeed = opt('seed', 1);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-fuzz-multipart-'));
const bundle = path.join(work, 'fuzz.js');
esbuild.buildSync({ entryPoints: [path.join(root, 'test', 'http', 'multipart-fuzz.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, packages: 'external', logLevel: 'warning' });
const { rng, randomForm, roundTrip, corruptedParse } = require(bundle);
const tempDir = path.join(work, 'uploads');
fs.mkdirSync(tempDir);

(async () => {
  const deadline = Date.now() + seconds * 1000;
  let wellFormed = 0;
  let damaged = 0;
  let seed = firstSeed;
  try {
    for (; Date.now() < deadline; seed++) {
      const rand = rng(seed);
      const form = randomForm(rand);
      const damage = seed % 2 === 0;
      const problem = damage ? await corruptedParse(form, rand, tempDir) : await roundTrip(form, rand, tempDir);
      if (problem) {
        process.stderr.write(`seed ${seed} (${damage ? 'damaged' : 'well-formed'}), boundary ${JSON.stringify(form.boundary)}: ${problem}\n`);
        process.exitCode = 1;
        return;
      }
      if (damage) damaged++;
      else wellFormed++;
    }
    process.stdout.write(`${wellFormed + damaged} cases (seeds ${firstSeed}-${seed - 1}): ${wellFormed} well-formed bodies parsed to what was encoded, ${damaged} damaged ones failed cleanly or parsed\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
