// The staticfiles.json manifest in STATIC_ROOT, in Django's format: each static path
// to its content-hashed name, so that static() can point at files that may be cached
// forever. Hashed names are `name.<12 lowercase hex of md5(content)>.ext`.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MANIFEST_NAME = 'staticfiles.json';
export const MANIFEST_VERSION = '1.1';

export interface Manifest {
  paths: Record<string, string>;
  version: string;
  hash: string;
}

export function contentHash(content: Buffer | string): string {
  return createHash('md5').update(content).digest('hex').slice(0, 12);
}

/** 'css/site.css' + hash -> 'css/site.0123456789ab.css'; a name without extension gets the hash at its end. */
export function hashedName(relPath: string, hash: string): string {
  const slash = relPath.lastIndexOf('/');
  const dir = relPath.slice(0, slash + 1);
  const base = relPath.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? `${dir}${base.slice(0, dot)}.${hash}${base.slice(dot)}` : `${dir}${base}.${hash}`;
}

/** Whether a name is a hashed name as hashedName() writes them (the server caches those forever). */
export function isHashedName(relPath: string): boolean {
  return /\.[0-9a-f]{12}(\.[^./]+)?$/.test(relPath);
}

export function buildManifest(paths: Record<string, string>): Manifest {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(paths).sort()) sorted[key] = paths[key];
  return { paths: sorted, version: MANIFEST_VERSION, hash: contentHash(JSON.stringify(sorted)) };
}

/** The manifest in a folder, or null when there is none or it is not a manifest. */
export function readManifest(root: string): Manifest | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, MANIFEST_NAME), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<Manifest>;
    if (typeof value !== 'object' || value === null || typeof value.paths !== 'object' || value.paths === null) return null;
    return { paths: value.paths, version: String(value.version ?? MANIFEST_VERSION), hash: String(value.hash ?? '') };
  } catch {
    return null;
  }
}

export function writeManifest(root: string, manifest: Manifest): void {
  const file = path.join(root, MANIFEST_NAME);
  // Written whole, then renamed: a server reading it never sees half a manifest.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 1));
  fs.renameSync(`${file}.tmp`, file);
}
