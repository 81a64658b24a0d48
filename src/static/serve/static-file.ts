// What the responder knows of one servable file: its representations (the file
// and its precompressed .br/.gz siblings), each with its own strong ETag, and
// the headers every answer for it carries.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { contentTypeFor } from '../../http/file-response';
import type { Encoding } from '../../http/accept-encoding';
import { realFileInside } from './real-path';

export interface Representation {
  encoding: Encoding;
  file: string;
  size: number;
  etag: string;
  /** The bytes, when small enough to be kept in memory. */
  body?: Buffer;
}

export interface ServedFile {
  relPath: string;
  contentType: string;
  cacheControl: string;
  lastModified: string;
  /** Whole seconds, for If-Modified-Since. */
  modifiedMs: number;
  identity: Representation;
  br?: Representation;
  gzip?: Representation;
  /** Sent with every answer (production: X-Content-Type-Options, which no middleware adds here). */
  extraHeaders?: ReadonlyArray<[string, string]>;
}

/** `name.<12 hex>.ext` (as collectstatic names files): the content hash is in the name, so the file never changes. */
const HASHED = /\.([0-9a-f]{12})(?:\.[^/.]+)?(?:\.(?:gz|br))?$/;

export function hashInName(relPath: string): string | null {
  return HASHED.exec(relPath)?.[1] ?? null;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Cache-Control in production: a year for hashed names, `maxAge` seconds for the rest. */
export function cacheControlFor(relPath: string, maxAge: number): string {
  return hashInName(relPath) ? IMMUTABLE : maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache';
}

export type EtagSource = 'content' | 'stat';

/** A strong ETag: the hash in the name, else a content digest (or size and mtime when reading is too costly). */
export function etagFor(relPath: string, stat: fs.Stats, source: EtagSource, body?: Buffer, suffix = ''): string {
  const inName = hashInName(relPath);
  if (inName) return `"${inName}${suffix}"`;
  if (source === 'content' && body) return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}${suffix}"`;
  return `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${suffix}"`;
}

export interface DescribeOptions {
  cacheControl: string;
  etagSource: EtagSource;
  /** Files up to this size are read into memory (0: none). */
  memoryLimit: number;
  /** The folder the file was found in: a sibling must lie inside it too. */
  root: string;
  extraHeaders?: ReadonlyArray<[string, string]>;
}

async function representation(encoding: Encoding, relPath: string, file: string, stat: fs.Stats, options: DescribeOptions, suffix: string): Promise<Representation> {
  const keep = stat.size <= options.memoryLimit;
  const body = keep ? await fs.promises.readFile(file) : undefined;
  return { encoding, file, size: body ? body.length : stat.size, etag: etagFor(relPath, stat, options.etagSource, body, suffix), body };
}


/**
 * Describes `file` (a real path already checked to be inside its folder). The
 * .br/.gz siblings are used only when they are at least as new as the file,
 * so a stale compressed copy is never served for an edited original.
 */
export async function describeFile(relPath: string, file: string, stat: fs.Stats, options: DescribeOptions): Promise<ServedFile> {
  const modifiedMs = Math.floor(stat.mtimeMs / 1000) * 1000;
  const out: ServedFile = {
    relPath,
    contentType: contentTypeFor(relPath),
    cacheControl: options.cacheControl,
    lastModified: new Date(modifiedMs).toUTCString(),
    modifiedMs,
    identity: await representation('identity', relPath, file, stat, options, ''),
    extraHeaders: options.extraHeaders,
  };
  if (/\.(gz|br)$/.test(relPath)) return out;
  for (const [encoding, ext, suffix] of [['br', '.br', '-br'], ['gzip', '.gz', '-gz']] as const) {
    const found = await realFileInside(file + ext, options.root);
    if (found && found.stat.mtimeMs >= stat.mtimeMs) out[encoding] = await representation(encoding, relPath, found.real, found.stat, options, suffix);
  }
  return out;
}
