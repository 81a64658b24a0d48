// collectstatic's second step: content-hashed copies of every file, with CSS url()
// and @import and sourceMappingURL comments pointing at the hashed names, CSS and JS
// minified, .gz/.br variants, and the staticfiles.json manifest. Only files whose
// source changed, and the files referring to them (transitively), are processed
// again; the rest keep the hashed names recorded by the last run.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { destination, eachLimit } from './collect-copy';
import { fingerprint, type Source } from './collect-sources';
import { readState, writeState, type FileState } from './collect-state';
import { isCompressible, writeCompressed } from './compress';
import { MissingStaticFile, StaticFilesError } from './errors';
import { buildManifest, contentHash, hashedName, readManifest, writeManifest } from './manifest';
import { keepsItsForm, minify, textKind } from './minify';
import { findReferences, replaceReferences, resolveReference, type Reference } from './references';

export interface PostProcessOptions {
  root: string;
  staticUrl: string;
  minify: boolean;
  compress: boolean;
  strict: boolean;
  target: string[];
  /** Paths copied by this run: their plain copies need fresh .gz/.br. */
  copied: ReadonlySet<string>;
  warn: (message: string) => void;
  log: (message: string) => void;
}

interface Loaded {
  text: string;
  refs: Array<{ ref: Reference; target: string; written: string; suffix: string }>;
  /** Targets that are not static files: left as written (lenient). */
  missing: Set<string>;
}

const LIMIT = 32;

export async function postProcess(sources: Map<string, Source>, options: PostProcessOptions): Promise<number> {
  const optionsKey = JSON.stringify([options.minify, options.compress, options.strict, options.staticUrl, options.target]);
  const state = readState(options.root, optionsKey)?.files ?? {};
  const previous = readManifest(options.root)?.paths ?? {};

  const changed = new Set<string>();
  for (const source of sources.values()) {
    const known = state[source.path];
    const fresh = known && known.fingerprint === fingerprint(source) && previous[source.path] === known.hashed &&
      known.deps.every((dep) => sources.has(dep)) && fs.existsSync(destination(options.root, known.hashed));
    if (!fresh) changed.add(source.path);
  }
  // Files referring to a changed file change too: their text holds its hashed name.
  const dependents = new Map<string, string[]>();
  for (const [file, known] of Object.entries(state)) {
    for (const dep of known.deps) dependents.set(dep, [...(dependents.get(dep) ?? []), file]);
  }
  const dirty = new Set<string>();
  const loaded = new Map<string, Loaded>();
  const visit = async (paths: Iterable<string>) => {
    const todo = [...paths].filter((p) => sources.has(p) && !dirty.has(p));
    todo.forEach((p) => dirty.add(p));
    await eachLimit(todo, LIMIT, async (p) => {
      const source = sources.get(p)!;
      if (textKind(p)) loaded.set(p, await load(source, options));
    });
    // A new file's dependents, and a changed file's dependents by its new or old references.
    const next = new Set<string>();
    for (const p of todo) for (const dependent of dependents.get(p) ?? []) next.add(dependent);
    if (next.size) await visit(next);
  };
  await visit(changed);

  reportMissing(loaded, sources, options);
  const hashed = new Map<string, string>();
  for (const p of sources.keys()) if (!dirty.has(p)) hashed.set(p, state[p].hashed);
  const files: Record<string, FileState> = {};
  for (const p of sources.keys()) if (!dirty.has(p)) files[p] = state[p];

  for (const level of dependencyLevels(dirty, loaded)) {
    await eachLimit(level, LIMIT, async (p) => {
      const source = sources.get(p)!;
      const item = loaded.get(p);
      const content = item ? Buffer.from(rewrite(p, item, hashed)) : await raw(source);
      const name = hashedName(p, contentHash(content));
      hashed.set(p, name);
      files[p] = { fingerprint: fingerprint(source), hashed: name, deps: item ? [...new Set(item.refs.map((r) => r.target))] : [] };
      const dest = destination(options.root, name);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      await fsp.writeFile(dest, content);
      if (options.compress && isCompressible(p)) await writeCompressed(dest, content);
      options.log(`Post-processed '${p}' as '${name}'`);
    });
  }
  if (options.compress) {
    const plain = [...new Set([...options.copied, ...dirty])].filter((p) => isCompressible(p) && sources.has(p));
    await eachLimit(plain, LIMIT, async (p) => {
      await writeCompressed(destination(options.root, p), await raw(sources.get(p)!));
    });
  }
  writeManifest(options.root, buildManifest(Object.fromEntries(hashed)));
  writeState(options.root, optionsKey, files);
  return dirty.size;
}

async function raw(source: Source): Promise<Buffer> {
  return source.content ?? (await fsp.readFile(source.file!));
}

/** A text file read, minified unless it keeps its form, and its references resolved. */
async function load(source: Source, options: PostProcessOptions): Promise<Loaded> {
  const kind = textKind(source.path)!;
  let text = (await raw(source)).toString('utf8');
  // A bundle's output is minified by esbuild already when it should be.
  if (options.minify && !source.content && !keepsItsForm(source.path, text)) text = await minify(source.path, text, kind, options.target);
  const refs: Loaded['refs'] = [];
  for (const ref of findReferences(text, kind)) {
    const resolved = resolveReference(ref.url, source.path, options.staticUrl);
    if (resolved) refs.push({ ref, ...resolved });
  }
  return { text, refs, missing: new Set() };
}

/** Missing targets fail the run (strict) before anything hashed is written, or are kept as written (lenient). */
function reportMissing(loaded: Map<string, Loaded>, sources: Map<string, Source>, options: PostProcessOptions): void {
  const missing: string[] = [];
  for (const [p, item] of loaded) {
    for (const { target, ref } of item.refs) {
      if (sources.has(target)) continue;
      item.missing.add(target);
      missing.push(`${p} refers to '${ref.url}' (${target}), which is not a static file`);
    }
  }
  if (!missing.length) return;
  if (!options.strict) {
    for (const line of missing) options.warn(`${line}; kept as written.`);
    return;
  }
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more missing reference${missing.length > 2 ? 's' : ''})` : '';
  throw new MissingStaticFile(`${missing[0]}${more}. Add the file, fix the reference, or set STATICFILES_MANIFEST_STRICT to false to keep such references as written.`);
}

function rewrite(self: string, item: Loaded, hashed: Map<string, string>): string {
  const byRef = new Map(item.refs.map((r) => [r.ref, r]));
  return replaceReferences(item.text, item.refs.map((r) => r.ref), (ref) => {
    const r = byRef.get(ref)!;
    const name = hashed.get(r.target);
    // A file cannot name its own hash; a missing target is kept as written.
    if (name === undefined || r.target === self || item.missing.has(r.target)) return null;
    const slash = r.written.lastIndexOf('/');
    // Only the file name changes: the hashed copy sits beside the original.
    return r.written.slice(0, slash + 1) + name.slice(name.lastIndexOf('/') + 1) + r.suffix;
  });
}

/** The dirty files in levels: each level refers only to files of earlier levels (or clean ones). */
function dependencyLevels(dirty: Set<string>, loaded: Map<string, Loaded>): string[][] {
  const waiting = new Map<string, Set<string>>();
  for (const p of dirty) {
    const deps = new Set((loaded.get(p)?.refs ?? []).map((r) => r.target).filter((t) => dirty.has(t) && t !== p));
    waiting.set(p, deps);
  }
  const levels: string[][] = [];
  while (waiting.size) {
    const ready = [...waiting].filter(([, deps]) => deps.size === 0).map(([p]) => p);
    if (!ready.length) {
      throw new StaticFilesError(`These files refer to each other in a circle, so none can be hashed first: ${[...waiting.keys()].sort().join(', ')}. Break the circle (a file cannot hold its own hash).`);
    }
    for (const p of ready) waiting.delete(p);
    for (const deps of waiting.values()) for (const p of ready) deps.delete(p);
    levels.push(ready);
  }
  return levels;
}
