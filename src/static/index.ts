// src/static (hyperdjango/static): static files. The finders (STATICFILES_DIRS, each
// app's static/, the framework's own), collectstatic's pipeline into STATIC_ROOT
// (hashed names, CSS and source map references rewritten, esbuild minification and
// bundles, .gz/.br variants, the staticfiles.json manifest) and static() for URLs.
export { findStatic, findStaticAll, listStatic, staticRoots, safeSegments, FRAMEWORK_STATIC_DIR, type StaticFile, type StaticRoot } from './finders';
export { isIgnored } from './ignore';
export { staticUrl, loadedManifest, resetManifestCache } from './static-url';
export { MANIFEST_NAME, hashedName, isHashedName, contentHash, readManifest, type Manifest } from './manifest';
export { MissingStaticFile, StaticFilesError } from './errors';
export * from './serve';
export type { CollectOptions, CollectResult } from './collect';

/** Runs collectstatic's pipeline (what `hyper collectstatic` does); esbuild loads only when it is called. */
export async function collectStatic(options: import('./collect').CollectOptions = {}): Promise<import('./collect').CollectResult> {
  return (require('./collect') as typeof import('./collect')).collectStatic(options);
}
