// src/static/serve: serving static files. Safe URL-path resolution (no way out
// of the folder), one responder for both paths (ETag/304, Cache-Control,
// br/gzip from precompressed siblings, Range, HEAD), the DEBUG middleware over
// the finders, and the production mount of STATIC_ROOT that the server (the
// native one natively) answers before routing.
export { safeRelativePath, staticPrefix, urlPathFor, type Refusal, type SafePath } from './safe-path';
export { negotiateEncoding, type Encoding } from '../../http/accept-encoding';
export { answerStatic, type StaticAnswer, type StaticRequest } from './responder';
export { describeFile, hashInName, cacheControlFor, type ServedFile, type Representation } from './static-file';
export { StaticFileTable, type StaticFileTableOptions } from './file-table';
export { StaticFilesMount, type StaticFilesMountOptions } from './static-files-mount';
export { productionStaticMount } from './production';
export { devStaticFiles, serveFromFinders, answerDevFile } from './dev-middleware';
export { devMediaFiles, mediaPrefix } from './dev-media';
