// collectstatic as a function: gathers the files the finders see and the bundles,
// copies what changed into STATIC_ROOT, then post-processes (hashing, references,
// minification, compression, manifest). The command only parses flags, asks, and
// prints; tests and scripts can call collectStatic() directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { buildBundles } from './bundles';
import { copySources } from './collect-copy';
import { gatherSources } from './collect-sources';
import { listStatic } from './finders';
import { OutputFolder } from './output-folder';
import { planPostProcess, postProcess, type PostProcessOptions } from './post-process';
import { resetManifestCache } from './static-url';

export interface CollectOptions {
  /** Empty STATIC_ROOT first. */
  clear?: boolean;
  dryRun?: boolean;
  /** Symlink the plain copies to their sources instead of copying. */
  link?: boolean;
  /** Extra ignore patterns (-i), added to STATICFILES_IGNORE_PATTERNS unless useDefaultIgnore is false. */
  ignore?: string[];
  useDefaultIgnore?: boolean;
  postProcess?: boolean;
  /** Messages by verbosity level (1 normal, 2 per file), as Django's log(). */
  log?: (message: string, level: number) => void;
  /** Warnings: lenient missing references, ignored duplicates. */
  warn?: (message: string) => void;
  progress?: (done: number, total: number) => void;
}

export interface CollectResult {
  destination: string;
  copied: number;
  unmodified: number;
  postProcessed: number;
  deleted: number;
}

/** STATIC_ROOT, absolute; a clear error when it is not set. */
export function staticRootDir(): string {
  if (!settings.STATIC_ROOT) {
    throw new ImproperlyConfigured("STATIC_ROOT is not set, so collectstatic has nowhere to copy static files. Set it in settings, e.g. STATIC_ROOT: 'staticfiles'.");
  }
  return path.resolve(String(settings.BASE_DIR), settings.STATIC_ROOT);
}

export async function collectStatic(options: CollectOptions = {}): Promise<CollectResult> {
  const root = staticRootDir();
  const log = options.log ?? (() => {});
  const ignore = [...(options.useDefaultIgnore === false ? [] : settings.STATICFILES_IGNORE_PATTERNS), ...(options.ignore ?? [])];
  const baseDir = String(settings.BASE_DIR);
  const minify = settings.STATICFILES_MINIFY;
  const bundles = Object.keys(settings.STATICFILES_BUNDLES).length
    ? await buildBundles(settings.STATICFILES_BUNDLES, { baseDir, minify, target: settings.STATICFILES_TARGET })
    : [];
  const { sources, shadowed } = gatherSources(listStatic({ ignore }), bundles);
  for (const [relPath, origin] of shadowed) {
    log(`Found another file with the destination path '${relPath}' (in ${origin}). It will be ignored since only the first encountered file is collected.`, 1);
  }

  let deleted = 0;
  if (options.clear) deleted = clearFolder(root, Boolean(options.dryRun), log);
  const out = new OutputFolder(root);

  const list = [...sources.values()];
  let done = 0;
  const progress = () => options.progress?.(++done, list.length);
  const dryRun = Boolean(options.dryRun);
  const link = Boolean(options.link);
  const processing: PostProcessOptions = {
    out,
    staticUrl: String(settings.STATIC_URL),
    minify,
    compress: settings.STATICFILES_COMPRESS,
    strict: settings.STATICFILES_MANIFEST_STRICT,
    target: settings.STATICFILES_TARGET,
    fresh: Boolean(options.clear),
    plainCopied: link,
    warn: options.warn ?? (() => {}),
    log: (message) => log(message, 2),
    progress,
  };
  // Post-processing writes the plain names itself (links to the hashed files); the
  // copy step is for --link, --no-post-process, and for a dry run of those.
  const copyStep = link || options.postProcess === false;
  const plan = options.postProcess === false ? null : planPostProcess(sources, processing);
  const copied = copyStep ? await copySources(list, out, { link, dryRun, fresh: Boolean(options.clear) }, progress) : plan!.changed;
  for (const relPath of [...copied].sort()) {
    const source = sources.get(relPath)!;
    const from = source.file ?? source.origin;
    if (dryRun) log(`Pretending to ${link ? 'link' : 'copy'} '${from}'`, 1);
    else log(`${link ? 'Linking' : 'Copying'} '${from}'`, 2);
  }
  let postProcessed = 0;
  if (plan && !dryRun) {
    postProcessed = await postProcess(sources, plan, copyStep ? { ...processing, copied } : { ...processing, progress });
    resetManifestCache();
  }
  return { destination: root, copied: copied.size, unmodified: list.length - copied.size, postProcessed, deleted };
}

/** Removes everything inside the folder (not the folder: it may be a mount point). */
function clearFolder(root: string, dryRun: boolean, log: (message: string, level: number) => void): number {
  let count = 0;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else {
        log(`${dryRun ? 'Pretending to delete' : 'Deleting'} '${path.relative(root, full).split(path.sep).join('/')}'`, 1);
        count++;
      }
    }
  };
  if (!fs.existsSync(root)) return 0;
  visit(root);
  if (!dryRun) for (const name of fs.readdirSync(root)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  return count;
}
