// System checks of the file storage settings (tag: settings): MEDIA_URL and
// MEDIA_ROOT apart from the static files' (Django refuses these at start), MEDIA_URL
// ending in a slash, and every STORAGES backend resolvable.
import * as path from 'node:path';
import { CheckError, Warning, type CheckMessage } from '../checks/messages';
import { register, Tags, type CheckContext } from '../checks/registry';
import type { StorageEntry } from '../conf/files-settings';

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
const KNOWN = /^(hyperdjango\.files\.(FileSystemStorage|InMemoryStorage)|hyperdjango\.static\.ManifestStaticFilesStorage|django\.core\.files\.storage\.(FileSystemStorage|InMemoryStorage)|django\.contrib\.staticfiles\.storage\.(Manifest)?StaticFilesStorage)$/;

export function checkStorageSettings(context: CheckContext): CheckMessage[] {
  const values = context.settings.values;
  const baseDir = String(values.BASE_DIR ?? context.settings.projectRoot);
  const out: CheckMessage[] = [];
  const mediaUrl = String(values.MEDIA_URL ?? '');
  const staticUrl = String(values.STATIC_URL ?? '');
  if (mediaUrl && !mediaUrl.endsWith('/')) {
    out.push(new CheckError(`MEDIA_URL '${mediaUrl}' must end with a slash.`, { id: 'files.E001', obj: 'MEDIA_URL', hint: `Use '${mediaUrl}/'.` }));
  }
  if (mediaUrl && staticUrl && mediaUrl.replace(/\/?$/, '/') === staticUrl.replace(/\/?$/, '/')) {
    out.push(new CheckError(`MEDIA_URL and STATIC_URL are both '${mediaUrl}': uploaded files and static files must be served apart.`, { id: 'files.E002', obj: 'MEDIA_URL', hint: "Give them different prefixes, e.g. MEDIA_URL: '/media/'." }));
  }
  const mediaRoot = values.MEDIA_ROOT ? path.resolve(baseDir, String(values.MEDIA_ROOT)) : null;
  const staticRoot = values.STATIC_ROOT ? path.resolve(baseDir, String(values.STATIC_ROOT)) : null;
  if (mediaRoot && staticRoot && (inside(mediaRoot, staticRoot) || inside(staticRoot, mediaRoot))) {
    out.push(new CheckError(`MEDIA_ROOT '${String(values.MEDIA_ROOT)}' and STATIC_ROOT '${String(values.STATIC_ROOT)}' overlap: collectstatic --clear would delete uploaded files, and uploads would be served as static files.`, {
      id: 'files.E003', obj: 'MEDIA_ROOT', hint: "Give each its own folder, e.g. MEDIA_ROOT: 'media' and STATIC_ROOT: 'staticfiles'.",
    }));
  }
  for (const [alias, entry] of Object.entries((values.STORAGES ?? {}) as Record<string, StorageEntry>)) {
    const backend = entry.BACKEND;
    if ((backend.startsWith('hyperdjango.') || backend.startsWith('django.')) && !KNOWN.test(backend)) {
      out.push(new CheckError(`STORAGES['${alias}'].BACKEND '${backend}' is not a storage backend.`, { id: 'files.E004', obj: 'STORAGES', hint: "Use 'hyperdjango.files.FileSystemStorage' or 'hyperdjango.files.InMemoryStorage', or a project class as 'storage/s3#S3Storage'." }));
    }
  }
  const statics = ((values.STORAGES ?? {}) as Record<string, StorageEntry>).staticfiles?.BACKEND;
  if (statics && !/ManifestStaticFilesStorage$|\.StaticFilesStorage$/.test(statics)) {
    out.push(new Warning(`STORAGES['staticfiles'] is '${statics}', but collectstatic always writes hashed files and their manifest into STATIC_ROOT: this storage is used only by code that asks for storages.get('staticfiles').`, {
      id: 'files.W006', obj: 'STORAGES', hint: "Keep 'hyperdjango.static.ManifestStaticFilesStorage', and copy STATIC_ROOT to another store after collectstatic if you need one.",
    }));
  }
  return out;
}

/**
 * Deploy: a project that serves uploads (MEDIA_URL set) with FileSystemStorage and no
 * MEDIA_ROOT saves them in the project folder itself. A project with neither set
 * (a new one) uploads nothing yet and is not warned.
 */
export function checkMediaRootForDeploy(context: CheckContext): CheckMessage[] {
  const values = context.settings.values;
  const storages = (values.STORAGES ?? {}) as Record<string, StorageEntry>;
  const backend = storages.default?.BACKEND ?? 'hyperdjango.files.FileSystemStorage';
  if (values.MEDIA_ROOT || !values.MEDIA_URL || !/FileSystemStorage$/.test(backend)) return [];
  return [new Warning('MEDIA_ROOT is not set: FileField uploads are saved in the project folder itself, next to the code.', { id: 'files.W005', obj: 'MEDIA_ROOT', hint: "Set MEDIA_ROOT to a folder of its own, e.g. 'media', and MEDIA_URL to '/media/'." })];
}

register(checkStorageSettings, Tags.settings);
register(checkMediaRootForDeploy, Tags.settings, { deploy: true });
