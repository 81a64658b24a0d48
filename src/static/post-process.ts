// collectstatic's second step: content-hashed copies of every file, with CSS url()
// and @import and sourceMappingURL comments pointing at the hashed names, CSS and JS
// minified, .gz/.br variants, and the staticfiles.json manifest. Only files whose
// source changed, and the files referring to them (transitively), are processed
// again; the rest keep the hashed names recorded by the last run.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { eachLimit, WRITES_AT_ONCE } from './collect-copy';
import type { OutputFolder } from './output-folder';
import { fingerprint, type Source } from './collect-sources';
import { readState, writeState, type FileState } from './collect-state';
import { isCompressible, writeCompressed } from './compress';
import { MissingStaticFile, StaticFilesError } from './errors';
import { buildManifest, contentHash, hashedName, readManifest, writeManifest } from './manifest';
import { keepsItsForm, minifyFiles, textKind } from './minify';
import { findReferences, replaceReferences, resolveReference, type Reference } from './references';

export interface PostProcessOptions {
  out: OutputFolder;
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

export async function postProcess(sources: Map<string, Source>, options: PostProcessOptions): Promise<number> {
  const out = options.out;
  const optionsKey = JSON.stringify([options.minify, options.compress, options.strict, options.staticUrl, options.target]);
  const state = readState(out.root, optionsKey)?.files ?? {};
  const previous = readManifest(out.root)?.paths ?? {};

  const changed = new Set<string>();
  for (const source of sources.values()) {
    const known = state[source.path];
    const fresh = known && known.fingerprint === fingerprint(source) && previous[source.path] === known.hashed &&
      known.deps.every((dep) => sources.has(dep)) && out.has(out.file(known.hashed));
    if (!fresh) changed.add(source.path);
  }
  // Files referring to a changed file change too: their text holds its hashed name.
  const dependents = new Map<string, string[]>();
  for (const [file, known] of Object.entries(state)) {
    for (const dep of known.deps) dependents.set(dep, [...(dependents.get(dep) ?? []), file]);
  }
  const dirty = new Set<string>();
  const queue = [...changed];
  while (queue.length) {
    const p = queue.pop()!;
    if (dirty.has(p) || !sources.has(p)) continue;
    dirty.add(p);
    queue.push(...(dependents.get(p) ?? []));
  }
  const loaded = await loadTexts([...dirty].filter((p) => textKind(p)).map((p) => sources.get(p)!), options);

  reportMissing(loaded, sources, options);
  const hashed = new Map<string, string>();
  for (const p of sources.keys()) if (!dirty.has(p)) hashed.set(p, state[p].hashed);
  const files: Record<string, FileState> = {};
  for (const p of sources.keys()) if (!dirty.has(p)) files[p] = state[p];

  // Compression waits until every file is written; it runs on the thread pool. A
  // hashed copy identical to its plain copy (images; CSS and JS left as they are) is
  // a hard link to it, and so are its variants.
  const jobs = new Map<string, { content: Buffer; links: string[] }>();
  const writes: Array<[string, Buffer]> = [];
  for (const level of dependencyLevels(dirty, loaded)) {
    for (const p of level) {
      const source = sources.get(p)!;
      const item = loaded.get(p);
      const raw = rawSync(source);
      const content = item ? Buffer.from(rewrite(p, item, hashed)) : raw;
      const name = hashedName(p, contentHash(content));
      hashed.set(p, name);
      files[p] = { fingerprint: fingerprint(source), hashed: name, deps: item ? [...new Set(item.refs.map((r) => r.target))] : [] };
      const dest = out.file(name);
      const plain = out.file(p);
      const linked = content.equals(raw) && linkFile(out, plain, dest);
      if (!linked) writes.push([dest, content]);
      if (options.compress && isCompressible(p)) {
        if (linked) jobs.set(plain, { content: raw, links: [dest] });
        else jobs.set(dest, { content, links: [] }).set(plain, { content: raw, links: [] });
      }
      options.log(`Post-processed '${p}' as '${name}'`);
    }
  }
  await eachLimit(writes, WRITES_AT_ONCE, ([file, content]) => replaceFile(out, file, content));
  if (options.compress) {
    // Plain copies replaced by this run without their content changing hashes (--clear, a deleted copy).
    for (const p of options.copied) {
      const plain = out.file(p);
      if (isCompressible(p) && sources.has(p) && !jobs.has(plain)) jobs.set(plain, { content: rawSync(sources.get(p)!), links: [] });
    }
    await eachLimit([...jobs], WRITES_AT_ONCE, ([file, job]) => writeCompressed(out, file, job.content, job.links).then(() => undefined));
  }
  writeManifest(out.root, buildManifest(Object.fromEntries(hashed)));
  writeState(out.root, optionsKey, files);
  return dirty.size;
}

/** Hard-links `target` to the regular file `existing`; false when it cannot (a symlink from --link, another device). */
function linkFile(out: OutputFolder, existing: string, target: string): boolean {
  if (!fs.lstatSync(existing, { throwIfNoEntry: false })?.isFile()) return false;
  try {
    out.remove(target);
    out.add(target);
    fs.linkSync(existing, target);
    return true;
  } catch {
    return false;
  }
}

/** Writes a new file rather than into the old one, which may be a hard link shared with another name. */
async function replaceFile(out: OutputFolder, file: string, content: Buffer): Promise<void> {
  out.remove(file);
  out.add(file);
  await fsp.writeFile(file, content);
}

function rawSync(source: Source): Buffer {
  return source.content ?? fs.readFileSync(source.file!);
}

/** The text files read, minified unless they keep their form, and their references resolved. */
async function loadTexts(list: Source[], options: PostProcessOptions): Promise<Map<string, Loaded>> {
  const texts = new Map(list.map((source) => [source.path, rawSync(source).toString('utf8')]));
  if (options.minify) {
    // A bundle's output is minified by esbuild already when it should be.
    const items = list.filter((source) => source.file && !keepsItsForm(source.path, texts.get(source.path)!)).map((source) => ({ path: source.path, file: source.file! }));
    for (const [p, text] of await minifyFiles(items, options.target)) texts.set(p, text);
  }
  const loaded = new Map<string, Loaded>();
  for (const source of list) {
    const text = texts.get(source.path)!;
    const refs: Loaded['refs'] = [];
    for (const ref of findReferences(text, textKind(source.path)!)) {
      const resolved = resolveReference(ref.url, source.path, options.staticUrl);
      if (resolved) refs.push({ ref, ...resolved });
    }
    loaded.set(source.path, { text, refs, missing: new Set() });
  }
  return loaded;
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
