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
import type { OutputFolder } from './output-folder';
import { fingerprint, type Source } from './collect-sources';
import { readState, writeState, type FileState } from './collect-state';
import { compressedVariants, isCompressible } from './compress';
import { MissingStaticFile } from './errors';
import { buildManifest, contentHash, hashedName, readManifest, writeManifest } from './manifest';
import { keepsItsForm, minifyText, textKind } from './minify';
import { ReferenceOrder } from './reference-order';
import { findReferences, replaceReferences, resolveReference, type Reference } from './references';
import { WriteQueue } from './write-queue';

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
  const hashed = new Map<string, string>();
  const files: Record<string, FileState> = {};
  for (const p of sources.keys()) {
    if (dirty.has(p)) continue;
    hashed.set(p, state[p].hashed);
    files[p] = state[p];
  }

  // Hashed files (and their variants) are written as soon as their content is known,
  // while esbuild still minifies others: they are new names that nothing points at
  // yet, so a run that fails later leaves them unused. The plain names, their
  // variants, the manifest and the state change only once every file is through.
  const writes = new WriteQueue();
  const plainNames: Array<{ file: string; plain: string; variants: Array<[string, boolean]> }> = [];
  const hash = (p: string, content: Buffer, deps: string[]) => {
    const source = sources.get(p)!;
    const name = hashedName(p, contentHash(content));
    hashed.set(p, name);
    files[p] = { fingerprint: fingerprint(source), hashed: name, deps };
    const file = out.file(name);
    const variants = options.compress && isCompressible(p) ? compressedVariants(content) : [];
    writes.push(file, async () => {
      await out.write(file, content);
      for (const [ext, data] of variants) {
        if (data) await out.write(file + ext, data);
        else out.remove(file + ext);
      }
      options.progress?.();
    });
    if (!options.plainCopied) plainNames.push({ file, plain: out.file(p), variants: variants.map(([ext, data]) => [ext, data !== null]) });
    options.log(`Post-processed '${p}' as '${name}'`);
  };

  const texts = [...dirty].filter((p) => textKind(p));
  // Read now (esbuild starts on them), settled below.
  const loads = texts.map((p) => loadText(sources.get(p)!, sources, options));
  for (const p of dirty) if (!textKind(p)) hash(p, rawSync(sources.get(p)!), []);
  const loaded = new Map<string, Loaded>();
  const order = new ReferenceOrder(
    (p) => dirty.has(p) && !hashed.has(p),
    (p) => {
      const item = loaded.get(p)!;
      hash(p, Buffer.from(rewrite(p, item, hashed)), [...new Set(item.refs.map((r) => r.target))]);
    },
  );
  const settled = await Promise.allSettled(
    loads.map((load, i) =>
      load.then((item) => {
        loaded.set(texts[i], item);
        order.loaded(texts[i], item.refs.map((r) => r.target));
      }),
    ),
  );
  await writes.idle();
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  reportMissing(texts, loaded, options);
  order.finish();
  writes.check();

  for (const { file, plain, variants } of plainNames) {
    out.link(file, plain);
    for (const [ext, written] of variants) {
      // Removed first: the old variant may be a hard link shared with another name.
      out.remove(plain + ext);
      if (written) out.link(file + ext, plain + ext);
    }
  }
  if (options.compress) {
    // --link: the symlinked plain names get variants of the source's bytes.
    for (const p of options.copied ?? []) {
      if (!isCompressible(p)) continue;
      const file = out.file(p);
      for (const [ext, data] of compressedVariants(rawSync(sources.get(p)!))) {
        if (data) writes.push(file, () => out.write(file + ext, data));
        else out.remove(file + ext);
      }
    }
    await writes.drain();
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

/** A text file read (now), minified unless it keeps its form, and its references resolved. */
async function loadText(source: Source, sources: Map<string, Source>, options: PostProcessOptions): Promise<Loaded> {
  const raw = rawSync(source).toString('utf8');
  // A bundle's output is minified by esbuild already when it should be.
  const minify = options.minify && source.file !== null && !keepsItsForm(source.path, raw);
  const text = minify ? await minifyText(source.path, raw, options.target) : raw;
  const refs: Loaded['refs'] = [];
  for (const ref of findReferences(text, textKind(source.path)!)) {
    const resolved = resolveReference(ref.url, source.path, options.staticUrl);
    if (resolved) refs.push({ ref, ...resolved });
  }
  return { text, refs, missing: new Set(refs.map((r) => r.target).filter((target) => !sources.has(target))) };
}

/** Missing targets fail the run (strict) before any plain name changes, or are kept as written (lenient). */
function reportMissing(texts: string[], loaded: Map<string, Loaded>, options: PostProcessOptions): void {
  const missing: string[] = [];
  for (const p of texts) {
    const item = loaded.get(p)!;
    for (const { target, ref } of item.refs) {
      if (item.missing.has(target)) missing.push(`${p} refers to '${ref.url}' (${target}), which is not a static file`);
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
