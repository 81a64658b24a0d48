// static('css/site.css') -> the URL of a static file: STATIC_URL + path under DEBUG
// (the files are served from the finders), the content-hashed name from
// STATIC_ROOT/staticfiles.json otherwise, as Django's ManifestStaticFilesStorage.
import * as path from 'node:path';
import { apps } from '../apps/registry';
import { settings } from '../conf/settings';
import { MissingStaticFile } from './errors';
import { readManifest, type Manifest } from './manifest';

let cached: { root: string; manifest: Manifest | null } | undefined;

/** The manifest of STATIC_ROOT, read once; collectstatic calls resetManifestCache() after writing it. */
export function loadedManifest(): Manifest | null {
  const root = settings.STATIC_ROOT ? path.resolve(String(settings.BASE_DIR), settings.STATIC_ROOT) : '';
  if (cached?.root !== root) cached = { root, manifest: root ? readManifest(root) : null };
  return cached.manifest;
}

export function resetManifestCache(): void {
  cached = undefined;
}

const encodePath = (text: string) => encodeURI(text).replace(/[?#]/g, encodeURIComponent);

/** The URL of a static file; the path is posix and relative to STATIC_URL, a query or fragment is kept. */
export function staticUrl(relPath: string): string {
  const text = String(relPath);
  // Already a URL: static('https://cdn.example.com/x.js') as Django's urljoin leaves it.
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(text)) return text;
  const split = text.search(/[?#]/);
  const clean = (split === -1 ? text : text.slice(0, split)).replace(/^\/+/, '');
  const suffix = split === -1 ? '' : text.slice(split);
  return String(settings.STATIC_URL) + encodePath(storedName(clean)) + suffix;
}

/** The name the file has in STATIC_ROOT: hashed when DEBUG is off and hyperdjango.staticfiles is installed. */
function storedName(clean: string): string {
  if (settings.DEBUG || !apps.isInstalled('hyperdjango.staticfiles')) return clean;
  const manifest = loadedManifest();
  const hashed = manifest?.paths[clean];
  if (hashed !== undefined) return hashed;
  if (!settings.STATICFILES_MANIFEST_STRICT) return clean;
  if (!manifest) {
    throw new MissingStaticFile(`static('${clean}'): there is no ${path.join(String(settings.STATIC_ROOT), 'staticfiles.json')} manifest. Run \`hyper collectstatic\` (or set DEBUG on while developing).`);
  }
  throw new MissingStaticFile(`static('${clean}'): no such file in the staticfiles manifest. Check the path, then run \`hyper collectstatic\`.`);
}
