// System checks of the static files settings (tag: staticfiles), registered by the
// app's ready(). Ids follow Django's where Django has the same check.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckError, Warning, type CheckMessage } from '../../checks/messages';
import type { CheckContext } from '../../checks/registry';

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);
const isDir = (dir: string) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;

export function checkStaticFilesSettings(context: CheckContext): CheckMessage[] {
  const values = context.settings.values;
  const baseDir = String(values.BASE_DIR ?? context.settings.projectRoot);
  const messages: CheckMessage[] = [];
  const staticUrl = String(values.STATIC_URL ?? '');
  if (!staticUrl.endsWith('/')) {
    messages.push(new CheckError(`STATIC_URL '${staticUrl}' must end with a slash.`, { id: 'staticfiles.E001', obj: 'STATIC_URL', hint: `Use '${staticUrl}/'.` }));
  }
  const root = values.STATIC_ROOT ? path.resolve(baseDir, String(values.STATIC_ROOT)) : null;
  for (const entry of (values.STATICFILES_DIRS ?? []) as Array<string | [string, string]>) {
    const [prefix, dir] = typeof entry === 'string' ? [null, entry] : entry;
    const full = path.resolve(baseDir, dir);
    if (root && (inside(root, full) || inside(full, root))) {
      messages.push(new CheckError(`The STATICFILES_DIRS folder '${dir}' and STATIC_ROOT '${String(values.STATIC_ROOT)}' overlap: collectstatic would copy its own output.`, {
        id: 'staticfiles.E002', obj: 'STATICFILES_DIRS', hint: 'Give STATIC_ROOT a folder of its own, outside every STATICFILES_DIRS folder.',
      }));
    }
    if (prefix !== null && (prefix.endsWith('/') || prefix.startsWith('/') || /\\|\0/.test(prefix) || prefix.split('/').includes('..'))) {
      messages.push(new CheckError(`The prefix '${prefix}' in STATICFILES_DIRS must be a relative URL path without a leading or trailing slash, '..' or backslashes.`, {
        id: 'staticfiles.E003', obj: 'STATICFILES_DIRS',
      }));
    }
    if (!isDir(full)) {
      messages.push(new Warning(`The folder '${dir}' in STATICFILES_DIRS does not exist.`, { id: 'staticfiles.W004', obj: 'STATICFILES_DIRS', hint: `Create ${full} or remove the entry.` }));
    }
  }
  for (const [output, entry] of Object.entries((values.STATICFILES_BUNDLES ?? {}) as Record<string, string>)) {
    if (!fs.statSync(path.resolve(baseDir, entry), { throwIfNoEntry: false })?.isFile()) {
      messages.push(new CheckError(`The entry point '${entry}' of the bundle '${output}' in STATICFILES_BUNDLES does not exist.`, { id: 'staticfiles.E005', obj: 'STATICFILES_BUNDLES', hint: 'Paths are relative to BASE_DIR.' }));
    }
    if (output.startsWith('/') || /\\|\0/.test(output) || output.split('/').includes('..')) {
      messages.push(new CheckError(`The bundle output path '${output}' in STATICFILES_BUNDLES must be relative to STATIC_ROOT without '..' or backslashes.`, { id: 'staticfiles.E006', obj: 'STATICFILES_BUNDLES' }));
    }
  }
  return messages;
}

/** Deploy: production serves STATIC_ROOT, so it must be set. */
export function checkStaticRootForDeploy(context: CheckContext): CheckMessage[] {
  if (context.settings.values.STATIC_ROOT) return [];
  return [new Warning('STATIC_ROOT is not set: collectstatic has nowhere to copy static files and the server has none to serve.', {
    id: 'staticfiles.W007', obj: 'STATIC_ROOT', hint: "Set STATIC_ROOT, e.g. 'staticfiles', and run `hyper collectstatic` when you deploy.",
  })];
}
