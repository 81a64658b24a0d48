// collectStatic(): hashed copies and the manifest, CSS and source map references
// rewritten, minification on and off, bundles, .gz/.br variants, strict and lenient
// missing references, and incremental runs.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { collectStatic, MissingStaticFile, StaticFilesError } from '../../src/static';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let root: string;
let out: string;

const SITE_CSS = `/* the site */
body { background: url("../img/bg.png?v=1#top"); }
.logo { background: url(/static/img/logo.svg); }
.inline { background: url(data:image/png;base64,AAAA); }
.remote { background: url(https://cdn.example.com/x.png); }
`;

function setup(settings: Record<string, unknown> = {}, files: Record<string, string> = {}): void {
  writeFiles(root, files);
  configure({ INSTALLED_APPS: ['blog'], STATIC_ROOT: 'out', STATICFILES_DIRS: ['static'], ...settings }, { projectRoot: root });
  apps.reset();
  apps.loadConfigs(['blog'], root);
}

const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
const manifest = () => JSON.parse(read('staticfiles.json')) as { paths: Record<string, string>; version: string; hash: string };

beforeEach(() => {
  root = makeTempDir('hyper-collect-');
  out = path.join(root, 'out');
  writeFiles(root, {
    'blog/models.ts': 'export {};\n',
    'static/css/site.css': SITE_CSS,
    'static/css/print.css': '@import "site.css";\n@import url("../css/site.css");\n.print { color: black; }\n',
    'static/img/bg.png': 'PNG-bytes',
    'static/img/logo.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(40)}</svg>`,
    'static/js/app.js': 'function greet(name) {\n  const message = "hello, " + name;\n  console.log(message);\n}\ngreet("world");\n//# sourceMappingURL=app.js.map\n',
    'static/js/app.js.map': '{"version":3,"sources":[],"mappings":""}',
    'static/js/plain.js': 'function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n',
    'blog/static/blog/post.css': '.post { color: red; }\n',
  });
});

afterEach(() => {
  resetSettings();
  apps.reset();
  removeDir(root);
});

test('hashed copies beside the originals, named by the md5 of their final content, listed in staticfiles.json', async () => {
  setup();
  const result = await collectStatic();
  expect(result).toMatchObject({ destination: out, copied: 8, unmodified: 0, postProcessed: 8 });
  const { paths, version, hash } = manifest();
  expect(version).toBe('1.1');
  expect(hash).toMatch(/^[0-9a-f]{12}$/);
  expect(Object.keys(paths).sort()).toEqual(['blog/post.css', 'css/print.css', 'css/site.css', 'img/bg.png', 'img/logo.svg', 'js/app.js', 'js/app.js.map', 'js/plain.js']);
  for (const [original, hashed] of Object.entries(paths)) {
    expect(hashed).toMatch(new RegExp(`^${original.replace(/\.(\w+)$/, '')}\\.[0-9a-f]{12}\\.${original.split('.').pop()}$`));
    const content = fs.readFileSync(path.join(out, hashed));
    expect(hashed).toContain(createHash('md5').update(content).digest('hex').slice(0, 12));
    expect(fs.existsSync(path.join(out, original))).toBe(true);
  }
  expect(read('img/bg.png')).toBe('PNG-bytes');
  expect(read('blog/post.css')).toBe('.post{color:red}\n');
});

test('CSS: relative and STATIC_URL references point at hashed names; data:, http: and comments untouched; query and fragment kept', async () => {
  setup({ STATICFILES_MINIFY: false });
  await collectStatic();
  const { paths } = manifest();
  const bg = path.posix.basename(paths['img/bg.png']);
  const css = read(paths['css/site.css']);
  expect(css).toContain(`url("../img/${bg}?v=1#top")`);
  expect(css).toContain(`url(/static/${paths['img/logo.svg']})`);
  expect(css).toContain('url(data:image/png;base64,AAAA)');
  expect(css).toContain('url(https://cdn.example.com/x.png)');
  expect(css).toContain('/* the site */');
  const print = read(paths['css/print.css']);
  const site = path.posix.basename(paths['css/site.css']);
  expect(print).toContain(`@import "${site}";`);
  expect(print).toContain(`@import url("../css/${site}");`);
  // The plain name is the same file as the hashed one: the same final bytes, written once.
  expect(fs.statSync(path.join(out, 'css/site.css')).ino).toBe(fs.statSync(path.join(out, paths['css/site.css'])).ino);
});

test('JS: sourceMappingURL points at the hashed map; a file with a source map is not minified', async () => {
  setup();
  await collectStatic();
  const { paths } = manifest();
  const app = read(paths['js/app.js']);
  expect(app).toContain(`//# sourceMappingURL=${path.posix.basename(paths['js/app.js.map'])}`);
  expect(app).toContain('const message = "hello, " + name;');
});

test('minification on by default, off with STATICFILES_MINIFY', async () => {
  setup();
  await collectStatic();
  const minified = read(manifest().paths['js/plain.js']);
  expect(minified.length).toBeLessThan(60);
  expect(minified).not.toContain('second');
  // Still a plain script: its top-level function keeps its name, and no "use strict" appears.
  expect(minified).toContain('function add(');
  expect(minified).not.toContain('use strict');
  expect(read(manifest().paths['blog/post.css'])).toBe('.post{color:red}\n');
  removeDir(out);
  setup({ STATICFILES_MINIFY: false });
  await collectStatic();
  expect(read(manifest().paths['js/plain.js'])).toContain('return first + second;');
  expect(read(manifest().paths['blog/post.css'])).toBe('.post { color: red; }\n');
});

test('.gz and .br beside each text file that shrinks, for the plain and the hashed name; none for images', async () => {
  setup();
  await collectStatic();
  const logo = manifest().paths['img/logo.svg'];
  const site = manifest().paths['css/site.css'];
  for (const file of ['img/logo.svg', logo, 'css/site.css', site]) {
    const content = fs.readFileSync(path.join(out, file));
    expect(zlib.gunzipSync(fs.readFileSync(path.join(out, `${file}.gz`)))).toEqual(content);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(out, `${file}.br`)))).toEqual(content);
  }
  expect(fs.existsSync(path.join(out, 'img/bg.png.gz'))).toBe(false);
  expect(fs.existsSync(path.join(out, 'img/bg.png.br'))).toBe(false);
  expect(fs.existsSync(path.join(out, `${manifest().paths['img/bg.png']}.br`))).toBe(false);
  // 17 bytes do not shrink.
  expect(fs.existsSync(path.join(out, `${manifest().paths['blog/post.css']}.gz`))).toBe(false);
});

test('a variant that saves less than 5% of the file is not written', async () => {
  setup({}, { 'static/data/plain.txt': 'the same line again\n'.repeat(50) });
  // Random bytes do not compress: gzip and brotli only add their framing.
  fs.writeFileSync(path.join(root, 'static/data/random.txt'), Buffer.concat(Array.from({ length: 64 }, (_, i) => createHash('sha512').update(String(i)).digest())));
  await collectStatic();
  const { paths } = manifest();
  for (const file of ['data/random.txt', paths['data/random.txt']]) {
    expect(fs.existsSync(path.join(out, `${file}.gz`))).toBe(false);
    expect(fs.existsSync(path.join(out, `${file}.br`))).toBe(false);
  }
  expect(fs.existsSync(path.join(out, 'data/plain.txt.gz'))).toBe(true);
  expect(fs.existsSync(path.join(out, 'data/plain.txt.br'))).toBe(true);
});

test('STATICFILES_COMPRESS false writes no variants', async () => {
  setup({ STATICFILES_COMPRESS: false });
  await collectStatic();
  expect(fs.readdirSync(path.join(out, 'img')).filter((name) => /\.(gz|br)$/.test(name))).toEqual([]);
});

test('a missing reference fails the run naming the referring file (strict), or is kept as written (lenient)', async () => {
  setup({}, { 'static/css/broken.css': '.x { background: url(../img/missing.png); }\n' });
  const error = await collectStatic().catch((e) => e);
  expect(error).toBeInstanceOf(MissingStaticFile);
  expect(error.message).toContain("css/broken.css refers to '../img/missing.png' (img/missing.png), which is not a static file");
  expect(error.message).toContain('STATICFILES_MANIFEST_STRICT');
  setup({ STATICFILES_MANIFEST_STRICT: false, STATICFILES_MINIFY: false });
  const warnings: string[] = [];
  await collectStatic({ warn: (message) => warnings.push(message) });
  expect(warnings).toEqual([expect.stringContaining("css/broken.css refers to '../img/missing.png'")]);
  expect(read(manifest().paths['css/broken.css'])).toContain('url(../img/missing.png)');
});

test('a run that fails leaves the plain names, the manifest and the state as they were', async () => {
  setup();
  await collectStatic();
  const before = manifest();
  const state = read('.collectstatic-state.json');
  fs.writeFileSync(path.join(root, 'static/img/bg.png'), 'PNG-bytes, changed');
  fs.writeFileSync(path.join(root, 'static/js/plain.js'), 'function broken( {\n');
  const error = await collectStatic().catch((e) => e);
  expect(error).toBeInstanceOf(StaticFilesError);
  expect(error.message).toMatch(/^js\/plain\.js:1:\d+: esbuild cannot minify this file: .*name it \*\.min\.js, or set STATICFILES_MINIFY to false\.$/);
  expect(read('img/bg.png')).toBe('PNG-bytes');
  expect(manifest()).toEqual(before);
  expect(read('.collectstatic-state.json')).toBe(state);
  // Once fixed, the next run picks up both changes.
  fs.writeFileSync(path.join(root, 'static/js/plain.js'), 'console.log(1);\n');
  expect(await collectStatic()).toMatchObject({ copied: 2 });
  expect(read('img/bg.png')).toBe('PNG-bytes, changed');
});

test('files referring to each other in a circle are refused by name', async () => {
  setup({}, { 'static/css/a.css': '@import "b.css";', 'static/css/b.css': '@import "a.css";' });
  const error = await collectStatic().catch((e) => e);
  expect(error).toBeInstanceOf(StaticFilesError);
  expect(error.message).toContain('css/a.css, css/b.css');
});

test('incremental: nothing changed copies and processes nothing; a changed image re-processes the CSS that refers to it', async () => {
  setup();
  await collectStatic();
  const before = manifest().paths;
  const manifestFile = path.join(out, 'staticfiles.json');
  const written = fs.statSync(manifestFile).mtimeMs;
  expect(await collectStatic()).toMatchObject({ copied: 0, unmodified: 8, postProcessed: 0 });
  expect(manifest().paths).toEqual(before);
  expect(fs.statSync(manifestFile).mtimeMs).toBe(written);

  const bg = path.join(root, 'static/img/bg.png');
  fs.writeFileSync(bg, 'PNG-bytes, changed');
  const result = await collectStatic();
  expect(result).toMatchObject({ copied: 1, unmodified: 7 });
  // bg.png, site.css (refers to it) and print.css (imports site.css).
  expect(result.postProcessed).toBe(3);
  const after = manifest().paths;
  for (const name of ['img/bg.png', 'css/site.css', 'css/print.css']) expect(after[name]).not.toBe(before[name]);
  for (const name of ['js/app.js', 'img/logo.svg', 'blog/post.css']) expect(after[name]).toBe(before[name]);
  expect(read(after['css/site.css'])).toContain(path.posix.basename(after['img/bg.png']));
  // The old hashed file stays for pages still pointing at it.
  expect(fs.existsSync(path.join(out, before['img/bg.png']))).toBe(true);
});

test('a removed file is dropped from the manifest, and its referrers then fail (strict)', async () => {
  setup();
  await collectStatic();
  fs.rmSync(path.join(root, 'static/js/plain.js'));
  await collectStatic();
  expect(manifest().paths['js/plain.js']).toBeUndefined();
  fs.rmSync(path.join(root, 'static/img/bg.png'));
  await expect(collectStatic()).rejects.toThrow("css/site.css refers to '../img/bg.png?v=1#top'");
});

test('bundles: a TypeScript entry importing a module, and JSX, compiled by esbuild', async () => {
  setup(
    { STATICFILES_BUNDLES: { 'js/main.js': 'frontend/main.ts', 'js/view.js': 'frontend/view.jsx' } },
    {
      'frontend/main.ts': "import { double } from './math';\nconst n: number = double(21);\nconsole.log('answer', n);\n",
      'frontend/math.ts': 'export function double(value: number): number {\n  return value * 2;\n}\n',
      'frontend/view.jsx': "/** @jsx h */\nfunction h(tag, props, ...children) { return { tag, props, children }; }\nconsole.log(<p class=\"x\">hello</p>);\n",
    },
  );
  await collectStatic();
  const { paths } = manifest();
  const main = read(paths['js/main.js']);
  expect(main).toContain('"answer"');
  expect(main).not.toContain(': number');
  expect(main).not.toContain('import');
  const view = read(paths['js/view.js']);
  expect(view).toContain('"hello"');
  expect(view).not.toContain('<p');
  expect(read('js/main.js')).toBe(main);
  // Unchanged bundles are not processed again.
  expect(await collectStatic()).toMatchObject({ copied: 0, postProcessed: 0 });
});

test('a bundle that does not build names the bundle and the place', async () => {
  setup({ STATICFILES_BUNDLES: { 'js/bad.js': 'frontend/bad.ts' } }, { 'frontend/bad.ts': 'import "./nowhere";\n' });
  await expect(collectStatic()).rejects.toThrow(/STATICFILES_BUNDLES 'js\/bad\.js': frontend\/bad\.ts:1:\d+: Could not resolve "\.\/nowhere"/);
});

test('a bundle output path leaving STATIC_ROOT is refused', async () => {
  setup({ STATICFILES_BUNDLES: { '../escape.js': 'frontend/ok.ts' } }, { 'frontend/ok.ts': 'console.log(1);\n' });
  await expect(collectStatic()).rejects.toThrow(StaticFilesError);
  expect(fs.existsSync(path.join(root, 'escape.js'))).toBe(false);
});
