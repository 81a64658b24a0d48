// Every ```ts block of docs/*.md and README.md compiles against the public types, as a
// user imports them ('hyperdjango/db', 'hyperdjango/http' ..., mapped to src/ through
// package.json's exports), in one TypeScript program.
//
// The convention, for whoever writes docs:
// - Each block is its own module (top-level await allowed, as in `hyper shell`).
// - All blocks sit in one project folder. A block whose first line is a path comment
//   (`// blog/models.ts`) is that file of the project, so any other block can import
//   it (`from './blog/models'`; `from './models'` in `// blog/views.ts`).
// - An HTML comment right before a block (blank lines between are fine) changes this:
//   `<!-- ts-continue -->`     the block continues the previous one (same module);
//   `<!-- ts-prelude: code -->` hidden code put before the block, for the names a
//                               snippet assumes (`import { Post } from './blog/models';
//                               declare const post: Post;`);
//   `<!-- ts-file: views.ts export const home = ... -->` a hidden file of the project
//                               (its path, then its code), for a module a block imports;
//   `<!-- ts-settings -->`      the block is entries of a settings module
//                               (`DEBUG: true,`): compiled inside defineSettings({ ... });
//   `<!-- ts-skip: reason -->`  not compiled; keep these rare, and give the reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../support/temp-project';

interface Block {
  page: string;
  /** 1-based line in the page of the block's first code line. */
  line: number;
  code: string;
  prelude: string;
  /** Hidden code after the block (a settings block closes its object). */
  postlude: string;
  continues: boolean;
  skip: string | null;
  /** Hidden files: [path, code]. */
  files: Array<[string, string]>;
}

const SETTINGS_OPEN = "import { defineSettings, env } from 'hyperdjango/conf'; export default defineSettings({";
const FENCE = /^```(\w*)\s*$/;
const MARKER = /^<!--\s*ts-(continue|skip|prelude|settings|file)\s*(?::\s*([\s\S]*?))?\s*-->\s*$/;

export function extractBlocks(page: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let markers: Array<{ kind: string; value: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    if (marker) {
      markers.push({ kind: marker[1], value: marker[2] ?? '' });
      continue;
    }
    const fence = FENCE.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() !== '') markers = [];
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (fence[1] === 'ts') {
      const skip = markers.find((m) => m.kind === 'skip');
      if (skip && !skip.value) throw new Error(`${page}:${i}: <!-- ts-skip --> needs a reason: <!-- ts-skip: why -->.`);
      blocks.push({
        page,
        line: start + 1,
        code: lines.slice(start, end).join('\n'),
        prelude: [...(markers.some((m) => m.kind === 'settings') ? [SETTINGS_OPEN] : []), ...markers.filter((m) => m.kind === 'prelude').map((m) => m.value)].join('\n'),
        postlude: markers.some((m) => m.kind === 'settings') ? '});' : '',
        continues: markers.some((m) => m.kind === 'continue'),
        skip: skip ? skip.value : null,
        files: markers.filter((m) => m.kind === 'file').map((m) => /^(\S+)\s+([\s\S]*)$/.exec(m.value)!).map((match) => [match[1], match[2]]),
      });
    }
    markers = [];
    i = end;
  }
  return blocks;
}

interface Source {
  file: string;
  text: string;
  /** For each line of text: where it came from ('docs/orm.md:12'), or null for hidden lines. */
  origin: Array<string | null>;
  page: string;
}

const ROOT = path.join(REPO_ROOT, '.docs-typecheck');

/** The blocks as modules: continued blocks joined, path comments honoured. */
function modulesOf(blocks: Block[]): Source[] {
  const sources: Source[] = [];
  let current: Source | null = null;
  blocks.forEach((block, index) => {
    if (block.skip !== null) return;
    for (const [file, code] of block.files) sources.push({ file: path.join(ROOT, file), text: code + '\n', origin: code.split('\n').map(() => null), page: block.page });
    const codeLines = block.code.split('\n');
    const add = (source: Source) => {
      for (const hidden of block.prelude ? block.prelude.split('\n') : []) {
        source.text += hidden + '\n';
        source.origin.push(null);
      }
      codeLines.forEach((text, n) => {
        source.text += text + '\n';
        source.origin.push(`${block.page}:${block.line + n}`);
      });
      if (block.postlude) {
        source.text += block.postlude + '\n';
        source.origin.push(null);
      }
    };
    if (block.continues && current && current.page === block.page) {
      add(current);
      return;
    }
    const named = /^\/\/\s*([\w./-]+\.ts)\b/.exec(codeLines[0] ?? '');
    const file = path.join(ROOT, named ? named[1] : `${path.basename(block.page, '.md')}-${index + 1}.ts`);
    current = { file, text: '', origin: [], page: block.page };
    add(current);
    sources.push(current);
  });
  // Each is a module, so names declared in one block never clash with another's.
  for (const source of sources) {
    source.text += 'export {};\n';
    source.origin.push(null);
  }
  return sources;
}

/** 'hyperdjango/db' -> src/orm/index.ts ..., from package.json's exports (dist/src/x.d.ts -> src/x.ts). */
function publicPaths(): Record<string, string[]> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typeof target === 'string' ? undefined : target.types;
    if (!types) continue;
    paths[subpath === '.' ? 'hyperdjango' : `hyperdjango/${subpath.slice(2)}`] = [types.replace(/^\.\/dist\//, './').replace(/\.d\.ts$/, '.ts')];
  }
  return paths;
}

function pages(): string[] {
  const docs = fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  return [...docs.sort(), 'README.md'].filter((page) => fs.existsSync(path.join(REPO_ROOT, page)));
}

function typecheck(sources: Source[]): string[] {
  const byFile = new Map(sources.map((source) => [source.file, source]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    // ESNext modules allow top-level await, which the snippets use freely.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    // A project's tests run under jest (docs/testing.md).
    types: ['node', 'jest'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: REPO_ROOT,
    paths: publicPaths(),
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => byFile.get(path.resolve(file))?.text ?? readFile(file);
  host.fileExists = (file) => byFile.has(path.resolve(file)) || fileExists(file);
  // The project's folders exist only in memory: module resolution asks for them first.
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => [...byFile.keys()].some((file) => file.startsWith(path.resolve(dir) + path.sep)) || (directoryExists ? directoryExists(dir) : fs.existsSync(dir));
  host.getSourceFile = (file, language, onError, create) => {
    const source = byFile.get(path.resolve(file));
    return source ? ts.createSourceFile(file, source.text, language, true) : getSourceFile(file, language, onError, create);
  };
  const program = ts.createProgram({ rootNames: sources.map((source) => source.file), options, host });
  const problems: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file && byFile.get(path.resolve(diagnostic.file.fileName));
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!source || diagnostic.start === undefined) {
      problems.push(`${diagnostic.file ? path.relative(REPO_ROOT, diagnostic.file.fileName) : '(options)'}: ${message}`);
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    problems.push(`${source.origin[line] ?? `${path.relative(REPO_ROOT, source.file)} (hidden line ${line + 1})`}: TS${diagnostic.code} ${message}`);
  }
  return problems;
}

describe('the code blocks of the docs', () => {
  test('the markers: continue, prelude and skip', () => {
    const page = ['```ts', 'const a = 1;', '```', '<!-- ts-continue -->', '', '```ts', 'a;', '```', "<!-- ts-prelude: declare const b: number; -->", '```ts', 'b;', '```', '<!-- ts-skip: pseudo-code -->', '```ts', 'nope', '```', '```sh', 'ls', '```'].join('\n');
    const blocks = extractBlocks('docs/x.md', page);
    expect(blocks.map((b) => [b.line, b.code, b.continues, b.prelude, b.skip])).toEqual([
      [2, 'const a = 1;', false, '', null],
      [7, 'a;', true, '', null],
      [11, 'b;', false, 'declare const b: number;', null],
      [15, 'nope', false, '', 'pseudo-code'],
    ]);
    const [settings] = extractBlocks('docs/y.md', '<!-- ts-settings -->\n```ts\nDEBUG: true,\n```\n');
    expect([settings.prelude, settings.postlude]).toEqual([SETTINGS_OPEN, '});']);
    expect(modulesOf(blocks).map((source) => source.text)).toEqual(['const a = 1;\na;\nexport {};\n', 'declare const b: number;\nb;\nexport {};\n']);
  });

  test('every ts block compiles against the public types', () => {
    const blocks = pages().flatMap((page) => extractBlocks(page, fs.readFileSync(path.join(REPO_ROOT, page), 'utf8')));
    expect(blocks.length).toBeGreaterThan(20);
    expect(typecheck(modulesOf(blocks))).toEqual([]);
  }, 60_000);

  test('a wrong block is reported at its line in the page', () => {
    const blocks = extractBlocks('docs/bad.md', "# Bad\n\n```ts\nimport { Post } from 'hyperdjango/db';\n```\n");
    expect(typecheck(modulesOf(blocks))).toEqual([expect.stringMatching(/^docs\/bad\.md:4: TS2305 Module '"hyperdjango\/db"' has no exported member 'Post'/)]);
  }, 60_000);
});
