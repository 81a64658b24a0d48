// collectstatic's post-processing: content-hashed copies of every file, with CSS
// url() and @import and sourceMappingURL comments pointing at the hashed names, CSS
// and JS minified, .gz/.br variants, and the staticfiles.json manifest. Only files
// whose source changed, and the files referring to them (transitively), are
// processed again; the rest keep the hashed names recorded by the last run.
//
// The plain name (css/site.css) is a hard link to the hashed file, so both serve the
// same final bytes and each text is written and compressed once. With --link the
// plain names are symlinks to the sources instead, and only hashed files are written.
import * as fs from 'node:fs';
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
  /** STATIC_ROOT is (or, in a dry run with --clear, would be) empty: everything is new. */
  fresh: boolean;
  /** The plain names are the copy step's (--link symlinks): only hashed files are written here. */
  plainCopied: boolean;
  /** With plainCopied: the paths whose plain copy this run wrote, for their .gz/.br. */
  copied?: ReadonlySet<string>;
  warn: (message: string) => void;
  log: (message: string) => void;
  progress?: () => void;
}

interface Loaded {
  text: string;
  refs: Array<{ ref: Reference; target: string; written: string; suffix: string }>;
  /** Targets that are not static files: left as written (lenient). */
  missing: Set<string>;
}

export interface Plan {
  optionsKey: string;
  state: Record<string, FileState>;
  /** Sources that are new or changed since the last run (or whose outputs are gone). */
  changed: Set<string>;
  /** Those and the files referring to them: what is processed. */
  dirty: Set<string>;
}

/** What a run has to process, from the state the last run left. */
export function planPostProcess(sources: Map<string, Source>, options: PostProcessOptions): Plan {
  const out = options.out;
  const optionsKey = JSON.stringify([options.minify, options.compress, options.strict, options.staticUrl, options.target, options.plainCopied]);
  const state = (!options.fresh && readState(out.root, optionsKey)?.files) || {};
  const previous = (!options.fresh && readManifest(out.root)?.paths) || {};
  const changed = new Set<string>();
  for (const source of sources.values()) {
    const known = state[source.path];
    const fresh = known && known.fingerprint === fingerprint(source) && previous[source.path] === known.hashed &&
      known.deps.every((dep) => sources.has(dep)) && out.has(out.file(known.hashed)) && (options.plainCopied || out.has(out.file(source.path)));
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
  return { optionsKey, state, changed, dirty };
}

export async function postProcess(sources: Map<string, Source>, plan: Plan, options: PostProcessOptions): Promise<number> {
  const { out } = options;
  const { state, dirty } = plan;
  for (let i = sources.size - dirty.size; i > 0; i--) options.progress?.();
  const loaded = await loadTexts([...dirty].filter((p) => textKind(p)).map((p) => sources.get(p)!), options);
  reportMissing(loaded, sources, options);

  const hashed = new Map<string, string>();
  const files: Record<string, FileState> = {};
  for (const p of sources.keys()) {
    if (dirty.has(p)) continue;
    hashed.set(p, state[p].hashed);
    files[p] = state[p];
  }
  // Contents are computed in dependency order, then written several at a time;
  // compression waits until every file is written (it runs on the thread pool).
  const writes: Array<[string, Buffer, string | null]> = [];
  const jobs = new Map<string, { content: Buffer; links: string[] }>();
  for (const level of dependencyLevels(dirty, loaded)) {
    for (const p of level) {
      const source = sources.get(p)!;
      const item = loaded.get(p);
      const content = item ? Buffer.from(rewrite(p, item, hashed)) : rawSync(source);
      const name = hashedName(p, contentHash(content));
      hashed.set(p, name);
      files[p] = { fingerprint: fingerprint(source), hashed: name, deps: item ? [...new Set(item.refs.map((r) => r.target))] : [] };
      const dest = out.file(name);
      const plain = options.plainCopied ? null : out.file(p);
      writes.push([dest, content, plain]);
      if (options.compress && isCompressible(p)) jobs.set(dest, { content, links: plain ? [plain] : [] });
      options.log(`Post-processed '${p}' as '${name}'`);
    }
  }
  await eachLimit(writes, WRITES_AT_ONCE, async ([file, content, plain]) => {
    await out.write(file, content);
    if (plain) out.link(file, plain);
    options.progress?.();
  });
  if (options.compress) {
    // --link: the symlinked plain names get variants of the source's bytes.
    for (const p of options.copied ?? []) {
      if (isCompressible(p)) jobs.set(out.file(p), { content: rawSync(sources.get(p)!), links: [] });
    }
    await eachLimit([...jobs], WRITES_AT_ONCE, ([file, job]) => writeCompressed(out, file, job.content, job.links).then(() => undefined));
  }
  out.linkAll();
  // A run that changed nothing leaves the manifest alone (a server may watch it).
  if (dirty.size || Object.keys(state).length !== sources.size) {
    writeManifest(out.root, buildManifest(Object.fromEntries(hashed)));
    writeState(out.root, plan.optionsKey, files);
  }
  return dirty.size;
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
