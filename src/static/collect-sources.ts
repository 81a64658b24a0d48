// The files collectstatic collects: what the finders list (the first occurrence of a
// path wins) and what STATICFILES_BUNDLES builds (a bundle wins over a found file).
import * as fs from 'node:fs';
import type { BundleOutput } from './bundles';
import { contentHash } from './manifest';
import { StaticFilesError } from './errors';
import { safeSegments, type StaticFile } from './finders';

export interface Source {
  path: string;
  /** The file on disk, absolute; null for a bundle's output, which has `content`. */
  file: string | null;
  content: Buffer | null;
  /** 'static', 'app blog', 'bundle frontend/app.tsx'. */
  origin: string;
  size: number;
  mtimeMs: number;
}

/** What identifies a version of the source: size and mtime on disk, the content hash of a bundle. */
export function fingerprint(source: Source): string {
  return source.content ? `#${contentHash(source.content)}` : `${source.size}:${Math.trunc(source.mtimeMs)}`;
}

export interface SourceSet {
  sources: Map<string, Source>;
  /** Paths found more than once: [path, the ignored file's origin]. */
  shadowed: Array<[string, string]>;
}

export function gatherSources(found: StaticFile[], bundles: BundleOutput[]): SourceSet {
  const sources = new Map<string, Source>();
  const shadowed: Array<[string, string]> = [];
  for (const output of bundles) {
    // What esbuild names its outputs (CSS, assets) must stay inside STATIC_ROOT too.
    if (!safeSegments(output.path)) throw new StaticFilesError(`STATICFILES_BUNDLES: the output '${output.path}' (from '${output.entry}') is not a relative path inside STATIC_ROOT.`);
    sources.set(output.path, { path: output.path, file: null, content: output.content, origin: `bundle ${output.entry}`, size: output.content.length, mtimeMs: 0 });
  }
  for (const entry of found) {
    if (sources.has(entry.path)) {
      shadowed.push([entry.path, entry.source]);
      continue;
    }
    const stat = fs.statSync(entry.file);
    sources.set(entry.path, { path: entry.path, file: entry.file, content: null, origin: entry.source, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return { sources, shadowed };
}
