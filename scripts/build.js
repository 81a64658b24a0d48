#!/usr/bin/env node
// Builds dist/: esbuild transpiles each source file on its own (no bundling, so
// `hyper --help` loads only the modules it needs), then tsc writes the .d.ts files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const sourceDirs = ['src', 'commands'];

function listSources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

fs.rmSync(dist, { recursive: true, force: true });
const entryPoints = sourceDirs.flatMap((d) => listSources(path.join(root, d)));
esbuild.buildSync({
  entryPoints,
  outdir: dist,
  outbase: root,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});
// Non-TypeScript assets that live beside the sources (none yet outside scaffolds/).
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}
console.log(`built ${entryPoints.length} modules into dist/`);
