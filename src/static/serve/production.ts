// The static mount `hyper serve` puts in front of the app: STATIC_ROOT under
// STATIC_URL, built from settings; or, when there is none, the reason why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settings } from '../../conf/settings';
import { StaticFileTable } from './file-table';
import { staticPrefix } from './safe-path';
import { StaticFilesMount } from './static-files-mount';

export async function productionStaticMount(onRefused?: (path: string, reason: string) => void): Promise<{ mount: StaticFilesMount | null; note: string }> {
  if (!settings.SERVE_STATIC) return { mount: null, note: 'SERVE_STATIC is false: static files are left to a proxy or CDN.' };
  const prefix = staticPrefix(String(settings.STATIC_URL));
  if (!prefix) return { mount: null, note: `STATIC_URL ${JSON.stringify(settings.STATIC_URL)} is not a local path: static files are not served here.` };
  if (!settings.STATIC_ROOT) return { mount: null, note: 'STATIC_ROOT is not set: static files are not served. Set it and run `hyper collectstatic`.' };
  const root = path.resolve(String(settings.BASE_DIR), settings.STATIC_ROOT);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    return { mount: null, note: `STATIC_ROOT ${root} does not exist: static files are not served. Run \`hyper collectstatic\`.` };
  }
  // The security middleware never sees these answers: its nosniff header is added here.
  const extraHeaders: Array<[string, string]> = settings.SECURE_CONTENT_TYPE_NOSNIFF ? [['X-Content-Type-Options', 'nosniff']] : [];
  const table = await StaticFileTable.load(root, { prefix, maxAge: settings.STATIC_MAX_AGE, extraHeaders });
  return { mount: new StaticFilesMount(table, { onRefused, native: settings.SERVE_STATIC_NATIVE }), note: `Serving ${table.files.size} static files from ${root} at ${prefix}.` };
}
