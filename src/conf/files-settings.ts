// Settings of uploaded and generated files (src/files) and of the messages framework
// (hyperdjango.messages), declared here so that loading settings knows them. See
// docs/files.md and docs/messages.md.
import { declareSetting } from './declarations';
import { badEnvValue, parseJson } from './parse-env-value';
import * as t from './setting-types';
import type { SettingType } from './setting-types';

/** One entry of STORAGES, as Django 4.2: the backend's name and the options it is built with. */
export interface StorageEntry {
  BACKEND: string;
  OPTIONS?: Record<string, unknown>;
}

declare module './global-settings' {
  interface Settings {
    MEDIA_ROOT: string;
    MEDIA_URL: string;
    STORAGES: Record<string, StorageEntry>;
    FILE_UPLOAD_PERMISSIONS: number | null;
    FILE_UPLOAD_DIRECTORY_PERMISSIONS: number | null;
    MESSAGE_LEVEL: number;
    MESSAGE_TAGS: Record<string, string>;
    MESSAGE_STORAGE: string;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEntry = (v: unknown): v is StorageEntry =>
  isPlainObject(v) && typeof v.BACKEND === 'string' && v.BACKEND !== '' && (v.OPTIONS === undefined || isPlainObject(v.OPTIONS)) && Object.keys(v).every((k) => k === 'BACKEND' || k === 'OPTIONS');

const storagesType: SettingType<Record<string, StorageEntry>> = {
  expected: "an object of storage aliases to { BACKEND: 'hyperdjango.files.FileSystemStorage', OPTIONS: {...} }",
  is: (v): v is Record<string, StorageEntry> => isPlainObject(v) && Object.values(v).every(isEntry),
  parse: (raw) => {
    const value = parseJson(raw);
    if (!isPlainObject(value) || !Object.values(value).every(isEntry)) throw badEnvValue(`expected a JSON object of aliases to {"BACKEND": ..., "OPTIONS": {...}}, got '${raw}'`);
    return value as Record<string, StorageEntry>;
  },
};

const nullableMode: SettingType<number | null> = {
  expected: 'a file mode such as 0o644, or null',
  is: (v): v is number | null => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0o7777),
  parse: (raw) => {
    const text = raw.trim();
    if (text === '' || text.toLowerCase() === 'null') return null;
    const mode = /^0o?[0-7]{1,4}$/i.test(text) ? parseInt(text.replace(/^0o?/i, ''), 8) : NaN;
    if (Number.isNaN(mode)) throw badEnvValue(`expected an octal file mode such as 0644, got '${raw}'`);
    return mode;
  },
};

const tagMap: SettingType<Record<string, string>> = {
  expected: "an object of message levels to CSS classes, e.g. { 40: 'danger' }",
  is: (v): v is Record<string, string> => isPlainObject(v) && Object.entries(v).every(([k, tag]) => /^\d+$/.test(k) && typeof tag === 'string'),
  parse: (raw) => {
    const value = t.object.parse(raw);
    if (!Object.entries(value).every(([k, tag]) => /^\d+$/.test(k) && typeof tag === 'string')) throw badEnvValue(`expected a JSON object of levels to strings, got '${raw}'`);
    return value as Record<string, string>;
  },
};

/** The defaults of Django 4.2's STORAGES, with this framework's backend names. */
export const DEFAULT_STORAGES: Record<string, StorageEntry> = {
  default: { BACKEND: 'hyperdjango.files.FileSystemStorage' },
  staticfiles: { BACKEND: 'hyperdjango.static.ManifestStaticFilesStorage' },
};

const decl = declareSetting;
decl({ name: 'MEDIA_ROOT', type: t.str, default: '', doc: "The folder user-uploaded files are saved in (relative to BASE_DIR); '' saves them under BASE_DIR itself, as Django does, which `hyper check` warns about." });
decl({ name: 'MEDIA_URL', type: t.str, default: '', doc: "The URL prefix uploaded files are served under, ending in a slash, e.g. '/media/'; runserver serves it from MEDIA_ROOT in DEBUG." });
decl({ name: 'STORAGES', type: storagesType, default: DEFAULT_STORAGES, doc: "File storages by alias: 'default' (FileField, defaultStorage) and 'staticfiles'. Each is { BACKEND, OPTIONS }." });
decl({ name: 'FILE_UPLOAD_PERMISSIONS', type: nullableMode, default: 0o644, doc: 'The mode FileSystemStorage gives the files it saves; null: the process umask decides.' });
decl({ name: 'FILE_UPLOAD_DIRECTORY_PERMISSIONS', type: nullableMode, default: null, doc: 'The mode of folders FileSystemStorage creates; null: the process umask decides.' });
decl({ name: 'MESSAGE_LEVEL', type: t.int, default: 20, doc: 'The lowest level of message the messages framework records (20: INFO; 10 also records DEBUG).' });
decl({ name: 'MESSAGE_TAGS', type: tagMap, default: {}, doc: 'CSS classes of message levels, merged over the defaults (debug, info, success, warning, error).' });
decl({ name: 'MESSAGE_STORAGE', type: t.str, default: 'hyperdjango.messages.storage.FallbackStorage', doc: "Where messages wait for the next request: FallbackStorage (a signed cookie, then the session), CookieStorage or SessionStorage." });
