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

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
const BUILT = /\.d\.ts$|\.js\.map$|\.js$/;

// dist/ is rewritten in place rather than deleted first, so that a process running
// from it while it builds (a server, a test) never finds it empty; what no longer
// has a source is removed afterwards.
function removeStale() {
  for (const dir of sourceDirs) {
    const out = path.join(dist, dir);
    if (!fs.existsSync(out)) continue;
    for (const file of listFiles(out)) {
      const rel = path.relative(dist, file);
      const source = path.join(root, rel.replace(BUILT, '.ts'));
      if (!fs.existsSync(source) && !fs.existsSync(path.join(root, rel))) fs.rmSync(file);
    }
  }
}

// esbuild's CommonJS helper gives each export of a module a getter that reads
// `from[key]` through one shared closure: every use of an imported name then pays
// a megamorphic keyed load (1-4% of a request in profiles). The exports object
// already has a getter per name (one closure each, which V8 inlines), so the
// helper reuses that getter and keeps the keyed read only for plain properties
// (`export * from` a CommonJS module), which it still reads live.
const COPY_PROPS_GETTER = '__defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });';
const COPY_PROPS_DIRECT =
  '__defProp(to, key, { get: (desc = __getOwnPropDesc(from, key)) && desc.get || (() => from[key]), enumerable: !desc || desc.enumerable });';

function reuseExportGetters(text, file) {
  if (!text.includes('var __copyProps')) return text;
  if (!text.includes(COPY_PROPS_GETTER)) throw new Error(`${file}: esbuild's __copyProps helper changed; update scripts/build.js`);
  return text.replace(COPY_PROPS_GETTER, COPY_PROPS_DIRECT);
}

const entryPoints = sourceDirs.flatMap((d) => listFiles(path.join(root, d))).filter(isSource);
const { outputFiles } = esbuild.buildSync({
  entryPoints,
  outdir: dist,
  outbase: root,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // Linked maps, so that --traceback and the DEBUG page show src/*.ts lines (bin/hyper.js
  // turns source maps on). No sources inside: the map only names the .ts file and line,
  // which keeps the package small; a .ts file that is present is read by the debug page.
  sourcemap: 'linked',
  sourcesContent: false,
  write: false,
});
// Kysely's CommonJS build is 262 modules (about half of all a command loads): bundled
// into one file, it loads in a third of the time, which every command that builds SQL
// (dumpdata, loaddata, migrate, a `hyper test` worker) pays at start-up. dist/ requires
// the bundle; src/ (jest) the package itself. Its licence travels in the banner.
const KYSELY_BUNDLE = path.join(dist, 'vendor', 'kysely.js');
const kyselyDir = path.join(root, 'node_modules', 'kysely');
const kyselyManifest = JSON.parse(fs.readFileSync(path.join(kyselyDir, 'package.json'), 'utf8'));
const kyselyLicense = fs.readFileSync(path.join(kyselyDir, 'LICENSE'), 'utf8').trim();
esbuild.buildSync({
  entryPoints: [require.resolve('kysely', { paths: [root] })],
  outfile: KYSELY_BUNDLE,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: `/*! kysely ${kyselyManifest.version}, bundled into one module.\n${kyselyLicense}\n*/` },
});

function useKyselyBundle(text, file) {
  if (!file.endsWith('.js') || !text.includes('require("kysely")')) return text;
  const relative = path.relative(path.dirname(file), KYSELY_BUNDLE).split(path.sep).join('/');
  return text.replaceAll('require("kysely")', `require(${JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`)})`);
}

for (const out of outputFiles) {
  fs.mkdirSync(path.dirname(out.path), { recursive: true });
  fs.writeFileSync(out.path, useKyselyBundle(reuseExportGetters(out.text, out.path), out.path));
}
// Non-TypeScript assets that live beside the sources (word lists, templates, static
// files of framework apps) are copied as they are.
for (const dir of sourceDirs) {
  for (const file of listFiles(path.join(root, dir))) {
    if (file.endsWith('.ts')) continue;
    const target = path.join(dist, path.relative(root, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}
removeStale();
console.log(`built ${entryPoints.length} modules into dist/`);
