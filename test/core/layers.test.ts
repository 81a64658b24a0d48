// The import rules of docs/architecture.md, checked on every file of src/ and commands/:
// imports point down the floors (a type-only import may point anywhere: it is erased
// and loads nothing), and no file joins a circle of value imports that is not listed
// below. The floors are read from the ```layers block of docs/architecture.md, so the
// page and the test cannot drift apart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../support/temp-project';

/**
 * Upward imports that are allowed for now, by folder of the importing file. Each one is
 * a move still to make; the list only shrinks.
 */
const ALLOWED_UPWARD: Array<{ from: string; reason: string }> = [];

/**
 * Circles of value imports that exist today, each a set of files; a circle found must
 * lie within one of them. Remove an entry when its circle is broken; never add one.
 */
const ALLOWED_CYCLES: Array<{ files: string[]; reason: string }> = [];

export interface Edge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

export interface Floors {
  /** [folder or file prefix ('src/contrib/*' + '/commands'), floor], longest first. */
  entries: Array<[RegExp, string, number]>;
}

export function parseFloors(markdown: string): Floors {
  const block = /^```layers\n([\s\S]*?)^```/m.exec(markdown);
  if (!block) throw new Error('docs/architecture.md has no ```layers block');
  const entries: Array<[RegExp, string, number]> = [];
  for (const line of block[1].split('\n')) {
    const [floor, ...folders] = line.trim().split(/\s+/);
    if (!floor) continue;
    for (const folder of folders) {
      const pattern = folder.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+');
      entries.push([new RegExp(`^${pattern}(/|$)`), folder, Number(floor)]);
    }
  }
  entries.sort((a, b) => b[1].length - a[1].length);
  return { entries };
}

export function floorOf(floors: Floors, file: string): { folder: string; floor: number } | null {
  for (const [pattern, folder, floor] of floors.entries) if (pattern.test(file)) return { folder, floor };
  return null;
}

/** Every import, export-from, require('x') and import('x') of one file, resolved to repository paths. */
export function importsOf(file: string, source: string, exists: (file: string) => boolean): Edge[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return;
    const base = path.posix.join(path.posix.dirname(file), specifier);
    const to = [`${base}.ts`, `${base}/index.ts`, base].find(exists);
    if (!to) return;
    edges.push({ from: file, to, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      // `import { type A, type B }` loads the module all the same under our settings
      // only when a value name is there; with type names only it is erased.
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      add(node, node.moduleSpecifier.text, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** Value imports that climb a floor, unless allowed; and files on no floor. */
export function upwardImports(floors: Floors, edges: Edge[], allowed = ALLOWED_UPWARD): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = floorOf(floors, edge.from);
    const to = floorOf(floors, edge.to);
    if (!from) problems.push(`${edge.from} is on no floor: add its folder to the table in docs/architecture.md`);
    if (!from || !to || edge.typeOnly || to.floor <= from.floor) continue;
    if (allowed.some((a) => edge.from.startsWith(a.from))) continue;
    problems.push(`${edge.from}:${edge.line} imports ${edge.to}: ${from.folder} (floor ${from.floor}) must not import ${to.folder} (floor ${to.floor}); move what both need down, or have the setup path install it (docs/architecture.md#wiring)`);
  }
  return [...new Set(problems)];
}

/** Strongly connected groups of files (Tarjan) through value imports, two files or more. */
export function valueCycles(edges: Edge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly && e.from !== e.to) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return groups;
}

export function newCycles(edges: Edge[], allowed = ALLOWED_CYCLES): string[] {
  return valueCycles(edges)
    .filter((group) => !allowed.some((a) => group.every((file) => a.files.includes(file))))
    .map((group) => `these files import one another in a circle (value imports or require): ${group.join(', ')}; break it by moving the shared part down or by importing types only`);
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk('src');
  walk('commands');
  return out;
}

const exists = (file: string) => fs.existsSync(path.join(REPO_ROOT, file)) && fs.statSync(path.join(REPO_ROOT, file)).isFile();
const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs/architecture.md'), 'utf8');
const floors = parseFloors(doc);
const files = sourceFiles();
const edges = files.flatMap((file) => importsOf(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), exists));

describe('the layers of src/ and commands/', () => {
  test('every value import points to the same floor or below', () => {
    expect(upwardImports(floors, edges)).toEqual([]);
  });

  test('no new circle of value imports', () => {
    expect(newCycles(edges)).toEqual([]);
  });

  test('the imports were read: the handler imports the request, the runserver command its dev server', () => {
    expect(edges).toContainEqual(expect.objectContaining({ from: 'src/http/handler.ts', to: 'src/http/request.ts', typeOnly: false }));
    expect(edges).toContainEqual(expect.objectContaining({ from: 'commands/runserver.ts', to: 'src/management/dev/run-dev-server.ts' }));
    expect(files.length).toBeGreaterThan(300);
  });

  test('the floor table of docs/architecture.md lists the same folders as its layers block', () => {
    const rows = [...doc.matchAll(/^\| (\d+) \| (.+?) \|/gm)].map(([, floor, cells]) => [Number(floor), [...cells.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')).sort()] as const);
    const block = /^```layers\n([\s\S]*?)^```/m.exec(doc)![1].trim().split('\n').map((line) => {
      const [floor, ...folders] = line.trim().split(/\s+/);
      return [Number(floor), folders.sort()] as const;
    });
    expect(rows).toEqual(block);
  });

  test('the file storages sit below the ORM, whose FileField saves through them, and above settings', () => {
    expect(floorOf(floors, 'src/files/storage.ts')!.floor).toBeLessThan(floorOf(floors, 'src/orm/fields/files.ts')!.floor);
    expect(floorOf(floors, 'src/files/storage.ts')!.floor).toBeGreaterThan(floorOf(floors, 'src/conf/settings.ts')!.floor);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'src/orm/fields/files.ts', to: 'src/files/storages.ts', typeOnly: false }));
  });

  test('rate limiting sits above the cache and the handler it builds on, and below the auth views it throttles', () => {
    expect(floorOf(floors, 'src/ratelimit/limiter.ts')!.floor).toBeGreaterThan(floorOf(floors, 'src/cache/base.ts')!.floor);
    expect(floorOf(floors, 'src/ratelimit/limiter.ts')!.floor).toBeGreaterThan(floorOf(floors, 'src/http/handler.ts')!.floor);
    expect(floorOf(floors, 'src/ratelimit/limiter.ts')!.floor).toBeLessThan(floorOf(floors, 'src/contrib/auth/views.ts')!.floor);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'src/ratelimit/limiter.ts', to: 'src/cache/caches.ts', typeOnly: false }));
  });

  test('every folder of src/ is on a floor', () => {
    const folders = fs.readdirSync(path.join(REPO_ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
    expect(folders.filter((folder) => !floorOf(floors, `${folder}/index.ts`))).toEqual([]);
  });
});

describe('the layer checker', () => {
  const tree: Record<string, string> = {
    'src/core/a.ts': "import { b } from '../http/b';\nimport type { C } from '../http/c';\n",
    'src/http/b.ts': "export const b = () => require('./c');\n",
    'src/http/c.ts': "import { b } from './b';\nexport type C = string;\n",
    'src/http/legacy/d.ts': "import '../../management/m';\n",
    'src/management/m.ts': "import { b } from '../http/b';\n",
  };
  const inTree = (file: string) => file in tree;
  const treeEdges = Object.entries(tree).flatMap(([file, source]) => importsOf(file, source, inTree));

  test('fails on an upward value import, with its line, and lets a type-only one and an allowed folder through', () => {
    expect(upwardImports(floors, treeEdges, [{ from: 'src/http/legacy/', reason: 'test' }])).toEqual([
      "src/core/a.ts:1 imports src/http/b.ts: src/core (floor 0) must not import src/http (floor 3); move what both need down, or have the setup path install it (docs/architecture.md#wiring)",
    ]);
    expect(upwardImports(floors, treeEdges, [])).toHaveLength(2);
  });

  test('fails on a new circle, a lazy require included, and not on an allowed one', () => {
    expect(newCycles(treeEdges)).toEqual([expect.stringContaining('src/http/b.ts, src/http/c.ts')]);
    expect(newCycles(treeEdges, [{ files: ['src/http/b.ts', 'src/http/c.ts'], reason: 'test' }])).toEqual([]);
  });

  test('a file in a folder on no floor is reported', () => {
    const stray = importsOf('src/newthing/x.ts', "import '../core/a';\n", inTree);
    expect(upwardImports(floors, stray)).toEqual([expect.stringContaining('src/newthing/x.ts is on no floor')]);
  });
});
