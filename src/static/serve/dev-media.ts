// DEBUG serving of uploaded files (runserver only, never `hyper serve`): MEDIA_URL
// answered from the default storage's folder, with the static files' path safety
// (no '..', encoded slashes, NUL, symlinks out) and their responder. Only a local
// FileSystemStorage has a folder to serve; other storages give their own URLs.
import { settings } from '../../conf/settings';
import { FileSystemStorage } from '../../files/file-system-storage';
import { storages } from '../../files/storages';
import { HttpResponse } from '../../http/response';
import type { Handler, Middleware } from '../../http/types';
import { answerDevFile } from './dev-middleware';
import { realFileInside } from './real-path';
import { safeRelativePath, staticPrefix } from './safe-path';
import * as path from 'node:path';

const TEXT = 'text/plain; charset=utf-8';

/** MEDIA_URL's path prefix when runserver should serve it: a local path, apart from STATIC_URL. */
export function mediaPrefix(): string | null {
  const prefix = staticPrefix(String(settings.MEDIA_URL ?? ''));
  if (!prefix || prefix === staticPrefix(String(settings.STATIC_URL ?? ''))) return null;
  return prefix;
}

/** The middleware runserver puts outermost in DEBUG, beside the static files one. */
export const devMediaFiles: Middleware = (getResponse: Handler): Handler => {
  return async (request) => {
    const prefix = mediaPrefix();
    if (!prefix || !request.raw.target.startsWith(prefix)) return getResponse(request);
    const storage = storages.get('default');
    if (!(storage instanceof FileSystemStorage)) return getResponse(request);
    const root = storage.location;
    // MEDIA_ROOT '' (or a folder holding the project) would publish the project's own files, settings.ts included.
    const project = path.resolve(String(settings.BASE_DIR));
    if (project === root || project.startsWith(root + path.sep)) return new HttpResponse(`MEDIA_ROOT (${root}) holds the project itself: runserver does not serve it. Set MEDIA_ROOT to a folder of its own, e.g. 'media'.\n`, { status: 404, contentType: TEXT });
    const safe = safeRelativePath(request.raw.target.split('?')[0], prefix);
    const checked = safe.ok ? await realFileInside(path.join(root, ...safe.relPath.split('/')), root) : null;
    if (!safe.ok || !checked) return new HttpResponse(`${safe.ok ? `'${safe.relPath}' could not be found in MEDIA_ROOT (${root})` : 'This path is not a valid media file path'}.\n`, { status: 404, contentType: TEXT });
    return answerDevFile(request, safe.relPath, checked, root);
  };
};
