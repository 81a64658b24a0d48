// DEBUG serving (runserver): STATIC_URL paths answered from the finders, with
// no-cache so an edited file shows at once. Installed outermost by runserver
// through the devStatic slot (hyperdjango.staticfiles installs it in ready()).
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { settings } from '../../conf/settings';
import { FileResponse } from '../../http/file-response';
import type { Request } from '../../http/request';
import { type BaseResponse, HttpResponse } from '../../http/response';
import type { Handler, Middleware } from '../../http/types';
import { findStatic, staticRoots } from '../finders';
import { answerStatic } from './responder';
import { safeRelativePath, staticPrefix } from './safe-path';
import { describeFile } from './static-file';
import { realFileInside } from './real-path';

const TEXT = 'text/plain; charset=utf-8';

function notFound(relPath: string | null): HttpResponse {
  const searched = staticRoots().map((root) => `  ${root.source}: ${root.dir}${root.prefix ? ` (under ${root.prefix}/)` : ''}`);
  const what = relPath === null ? 'This path is not a valid static file path' : `'${relPath}' could not be found`;
  return new HttpResponse(`${what}.\nThe static file finders searched:\n${searched.length ? searched.join('\n') : '  (no folders: add STATICFILES_DIRS or an app with a static/ folder)'}\n`, { status: 404, contentType: TEXT });
}

/** The answer for a request under STATIC_URL, from the finders. */
export async function serveFromFinders(request: Request, prefix: string): Promise<BaseResponse> {
  const safe = safeRelativePath(request.raw.target.split('?')[0], prefix);
  if (!safe.ok) return notFound(null);
  const found = findStatic(safe.relPath);
  // The finders keep files inside their folders; this re-checks the real path (and gets the stat).
  const root = found ? staticRoots().find((r) => found.startsWith(r.dir + path.sep)) : undefined;
  const checked = found && root ? await realFileInside(found, root.dir) : null;
  if (!checked || !root) return notFound(safe.relPath);
  return answerDevFile(request, safe.relPath, checked, root.dir);
}

/**
 * The answer for a file found and checked under `root`, as runserver gives it: no-cache
 * (an edited file shows at once), ETag/304, Range, HEAD. Static files and, with
 * MEDIA_URL, uploaded files share it.
 */
export async function answerDevFile(request: Request, relPath: string, checked: { real: string; stat: Stats }, root: string): Promise<BaseResponse> {
  const file = await describeFile(relPath, checked.real, checked.stat, { cacheControl: 'no-cache', etagSource: 'stat', memoryLimit: 0, root });
  const answer = answerStatic(file, { method: request.method, header: (name) => request.headers.get(name) });
  const rep = answer.representation;
  if (!rep) {
    const response = new HttpResponse(answer.status === 405 ? 'Method Not Allowed' : '', { status: answer.status, headers: answer.headers, contentType: TEXT });
    if (answer.status === 304) response.headers.delete('content-type');
    return response;
  }
  return new FileResponse(rep.file, { status: answer.status, headers: answer.headers, range: { start: answer.start, end: answer.end } });
}

/** The middleware runserver puts outermost in DEBUG. */
export const devStaticFiles: Middleware = (getResponse: Handler): Handler => {
  return (request) => {
    const prefix = staticPrefix(String(settings.STATIC_URL));
    if (!prefix || !request.raw.target.startsWith(prefix)) return getResponse(request);
    return serveFromFinders(request, prefix);
  };
};
