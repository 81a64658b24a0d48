// The ORM compiler's files import downward only: WHERE nodes and expressions reach
// the compiler through the compile context (ctx.compileSubquery), never by import,
// and no value-level import cycle runs through the query compiler or expressions.
// Type-only imports are erased at build time and do not count.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative files `file` imports as values (not `import type`, not `{ type A, type B }`). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.[^'"]*)['"]/gm;
  for (const match of source.matchAll(pattern)) {
    if (match[1]) continue;
    const names = match[2].trim();
    if (/^\{[^}]*\}$/.test(names) && names.slice(1, -1).split(',').map((name) => name.trim()).filter(Boolean).every((name) => name.startsWith('type '))) continue;
    const base = resolve(dirname(file), match[3]);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (target) found.push(target);
  }
  return found;
}

const graph = new Map(tsFiles(root).map((file) => [file, valueImports(file)]));
const name = (file: string) => relative(root, file);

/** A cycle through `start`, as a list of files, or undefined. */
function cycleThrough(start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | undefined => {
    for (const next of graph.get(file) ?? []) {
      if (next === start) return [...trail, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

const compilerFiles = [
  'orm/query/compiler.ts',
  'orm/query/compile-context.ts',
  'orm/query/query-context.ts',
  'orm/query/query.ts',
  'orm/query/where.ts',
  'orm/query/lookups.ts',
  'orm/query/path.ts',
  ...readdirSync(join(root, 'orm/expressions')).map((file) => `orm/expressions/${file}`),
];

describe('ORM compiler imports', () => {
  it.each(compilerFiles)('no value-level import cycle runs through %s', (file) => {
    const cycle = cycleThrough(join(root, file));
    expect(cycle?.map(name).join(' -> ')).toBeUndefined();
  });

  it('WHERE nodes and expressions do not import the compiler', () => {
    const compiler = join(root, 'orm/query/compiler.ts');
    const importers = [...graph].filter(([, imports]) => imports.includes(compiler)).map(([file]) => name(file));
    expect(importers.filter((file) => file.startsWith('orm/expressions/') || file === 'orm/query/where.ts')).toEqual([]);
  });
});
