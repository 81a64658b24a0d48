// STATIC_ROOT as an in-memory table, built once at start-up: every servable
// file's representations, validators and headers, small files' bytes too, so
// a request costs one lookup and one write. Files added later are served after
// a restart or a SIGHUP reload of `hyper serve` (a miss never touches the disk).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './real-path';
import { safeRelativePath, type Refusal } from './safe-path';
import { type ServedFile, cacheControlFor, describeFile } from './static-file';

export interface StaticFileTableOptions {
  /** STATIC_URL's path ('/static/'). */
  prefix: string;
  /** max-age of names without a content hash (seconds). */
  maxAge: number;
  /** Files up to this many bytes are kept in memory (default 256 KiB)... */
  fileMemoryLimit?: number;
  /** ...while all of them together stay under this (default 64 MiB). */
  memoryBudget?: number;
  /** Headers sent with every answer. */
  extraHeaders?: ReadonlyArray<[string, string]>;
}

export type Lookup = { file: ServedFile } | { file: null; refused?: Refusal };

export class StaticFileTable {
  private constructor(
    readonly root: string,
    readonly prefix: string,
    readonly files: ReadonlyMap<string, ServedFile>,
  ) {}

  /** Scans `root` (following symlinks only while they stay inside it). */
  static async load(root: string, options: StaticFileTableOptions): Promise<StaticFileTable> {
    const realRoot = await fs.promises.realpath(root);
    const files = new Map<string, ServedFile>();
    let budget = options.memoryBudget ?? 64 * 1024 * 1024;
    const perFile = options.fileMemoryLimit ?? 256 * 1024;
    const visited = new Set<string>([realRoot]);
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        // Names no safe URL path can name (backslashes, control characters): skip them.
        // eslint-disable-next-line no-control-regex -- names with backslashes or control characters are never served
        if (/[\\\x00-\x1f\x7f]/.test(entry.name)) continue;
        // Hidden names are never published: collectstatic's own state file
        // (.collectstatic-state.json), and whatever else a deploy leaves there (.git,
        // .env). collectstatic itself never copies them (its default ignore is '.*').
        if (entry.name.startsWith('.')) continue;
        let real: string;
        try {
          real = await fs.promises.realpath(path.join(dir, entry.name));
        } catch {
          continue; // a dangling link
        }
        if (!isInside(real, realRoot)) continue;
        const stat = await fs.promises.stat(real);
        if (stat.isDirectory()) {
          if (visited.has(real)) continue; // a link loop
          visited.add(real);
          await walk(real, relPath);
        } else if (stat.isFile()) {
          const memoryLimit = Math.min(perFile, budget);
          const file = await describeFile(relPath, real, stat, { cacheControl: cacheControlFor(relPath, options.maxAge), etagSource: 'content', memoryLimit, root: realRoot, extraHeaders: options.extraHeaders });
          for (const rep of [file.identity, file.br, file.gzip]) if (rep?.body) budget -= rep.body.length;
          files.set(relPath, file);
        }
      }
    };
    await walk(realRoot, '');
    return new StaticFileTable(realRoot, options.prefix, files);
  }

  /** The file a raw request path (under the prefix) names, or why none is served. */
  lookup(rawPath: string): Lookup {
    const safe = safeRelativePath(rawPath, this.prefix);
    if (!safe.ok) return { file: null, refused: safe.reason };
    return { file: this.files.get(safe.relPath) ?? null };
  }
}
