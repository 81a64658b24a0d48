// File names as storages take them: relative, '/'-separated, never able to name
// anything outside the storage. Pure string work, shared by every backend so the
// refusals are the same whatever stores the bytes.
import * as posix from 'node:path/posix';
import { randomString } from '../signing/crypto';
import { StorageError, SuspiciousFileOperation } from './errors';

/**
 * Checks a stored name and returns it normalised ('a//b' -> 'a/b'). Refused: empty
 * names, absolute paths, '..' segments, backslashes, NUL and other control characters.
 */
export function validateFileName(name: string, where = 'A file name'): string {
  if (typeof name !== 'string' || name.trim() === '') throw new SuspiciousFileOperation(`${where} is empty: give a name such as 'uploads/photo.png'.`, { code: 'HYPER_FILES_EMPTY_NAME' });
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
  // eslint-disable-next-line no-control-regex -- control characters (NUL first) are refused in stored names
  if (/[\x00-\x1f\x7f]/.test(name)) throw new SuspiciousFileOperation(`${where} ${shown} holds a NUL or control character: storages refuse it.`);
  if (name.includes('\\')) throw new SuspiciousFileOperation(`${where} ${shown} holds a backslash: use '/' between folders.`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new SuspiciousFileOperation(`${where} ${shown} is an absolute path: names are relative to the storage, e.g. 'uploads/photo.png'.`);
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new SuspiciousFileOperation(`${where} ${shown} holds a '..' segment: a stored name cannot leave its storage.`);
  if (segments.length === 0) throw new SuspiciousFileOperation(`${where} ${shown} names a folder, not a file.`, { code: 'HYPER_FILES_EMPTY_NAME' });
  return segments.join('/');
}

/**
 * Django's get_valid_filename(): a client's file name made safe to store: spaces
 * become underscores, anything but letters, digits, '-', '_' and '.' is dropped.
 */
export function getValidFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.trim().replace(/\s+/g, '_').replace(/[^-\p{L}\p{N}_.]/gu, '');
  if (clean === '' || clean === '.' || clean === '..') throw new SuspiciousFileOperation(`Could not derive a file name from ${JSON.stringify(name)}: give a name with letters or digits.`, { code: 'HYPER_FILES_EMPTY_NAME' });
  return clean;
}

/** The name split as Django does for unique names: folder, stem, and every extension ('a.tar.gz' -> '.tar.gz'). */
export function splitName(name: string): { dir: string; stem: string; ext: string } {
  const dir = posix.dirname(name);
  const base = posix.basename(name);
  const dot = base.indexOf('.', 1);
  return { dir: dir === '.' ? '' : dir, stem: dot < 0 ? base : base.slice(0, dot), ext: dot < 0 ? '' : base.slice(dot) };
}

/**
 * A free name close to `name`: the name itself when `exists` says it is free, else
 * with '_' and seven random characters before the extension (Django's scheme), the
 * stem shortened to keep within `maxLength`.
 */
export async function availableName(name: string, exists: (candidate: string) => Promise<boolean>, maxLength?: number): Promise<string> {
  const { dir, stem, ext } = splitName(name);
  const tooLong = () => new StorageError(`Storage can not find an available filename for ${JSON.stringify(name)} within ${maxLength} characters: shorten the folder (uploadTo) or raise maxLength.`, { code: 'HYPER_FILES_NAME_TOO_LONG' });
  const build = (suffix: string): string => {
    const whole = `${dir ? `${dir}/` : ''}${stem}${suffix}${ext}`;
    if (maxLength === undefined || whole.length <= maxLength) return whole;
    const kept = stem.length - (whole.length - maxLength);
    if (kept < 1) throw tooLong();
    return `${dir ? `${dir}/` : ''}${stem.slice(0, kept)}${suffix}${ext}`;
  };
  let candidate = build('');
  for (let attempt = 0; await exists(candidate); attempt++) {
    if (attempt === 100) throw new StorageError(`Storage can not find an available filename for ${JSON.stringify(name)} after 100 tries.`, { code: 'HYPER_FILES_NAME_TOO_LONG' });
    candidate = build(`_${randomString(7)}`);
  }
  return candidate;
}
