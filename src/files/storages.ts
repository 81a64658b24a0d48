// The storages of the STORAGES setting, by alias (Django's storages handler), and
// `defaultStorage`, which follows STORAGES.default. Each is built once per settings
// version: a test that reconfigures gets storages built from its settings.
import * as path from 'node:path';
import { AliasHandler } from '../conf/alias-handler';
import { settings } from '../conf/settings';
import { DEFAULT_STORAGES, type StorageEntry } from '../conf/files-settings';
import { ImproperlyConfigured } from '../core/errors';
import { loadExport } from '../core/module-export';
import { closestMatch } from '../core/suggest';
import { FileSystemStorage } from './file-system-storage';
import { InMemoryStorage } from './memory-storage';
import type { FileContent, FileStorage, StorageSaveOptions } from './storage';
import type { Readable } from 'node:stream';

type Options = Record<string, unknown>;

/** The backends known by name; Django's dotted names are accepted too. */
const BUILTIN: Record<string, (options: Options) => FileStorage> = {
  'hyperdjango.files.FileSystemStorage': (options) => new FileSystemStorage(options),
  'hyperdjango.files.InMemoryStorage': (options) => new InMemoryStorage(options),
  // The Storage API over what collectstatic wrote: STATIC_ROOT under STATIC_URL. The
  // hashed names and manifest are collectstatic's own work (docs/static.md).
  'hyperdjango.static.ManifestStaticFilesStorage': (options) => new FileSystemStorage({ location: String(settings.STATIC_ROOT ?? ''), baseUrl: String(settings.STATIC_URL), ...options }),
};
const DJANGO_NAMES: Record<string, string> = {
  'django.core.files.storage.FileSystemStorage': 'hyperdjango.files.FileSystemStorage',
  'django.core.files.storage.InMemoryStorage': 'hyperdjango.files.InMemoryStorage',
  'django.contrib.staticfiles.storage.ManifestStaticFilesStorage': 'hyperdjango.static.ManifestStaticFilesStorage',
  'django.contrib.staticfiles.storage.StaticFilesStorage': 'hyperdjango.static.ManifestStaticFilesStorage',
};

/** Names of the built-in backends (the checks list them). */
export const BUILTIN_STORAGE_BACKENDS: readonly string[] = Object.keys(BUILTIN);

const METHODS = ['save', 'open', 'delete', 'exists', 'size', 'url'] as const;

/** STORAGES with Django's two aliases always there: a project that sets only 'default' keeps its static files storage. */
export function storageEntries(): Record<string, StorageEntry> {
  return { ...DEFAULT_STORAGES, ...(settings.STORAGES ?? {}) };
}

/** Builds the storage of one STORAGES entry. */
export function createStorage(alias: string, entry: StorageEntry): FileStorage {
  const backend = DJANGO_NAMES[entry.BACKEND] ?? entry.BACKEND;
  const options = entry.OPTIONS ?? {};
  const make = BUILTIN[backend];
  if (make) return make(options);
  if (backend.startsWith('hyperdjango.') || backend.startsWith('django.')) {
    const match = closestMatch(backend, BUILTIN_STORAGE_BACKENDS);
    throw new ImproperlyConfigured(`STORAGES['${alias}'].BACKEND '${entry.BACKEND}' is not a storage backend.${match ? ` Did you mean '${match}'?` : ''} Or name a project class as 'storage/s3#S3Storage'.`, { code: 'HYPER_FILES_UNKNOWN_BACKEND' });
  }
  const Backend = loadExport(backend, path.resolve(String(settings.BASE_DIR)), { setting: `STORAGES['${alias}'].BACKEND`, requireExport: true }) as unknown as new (options: Options) => FileStorage;
  const storage = new Backend(options);
  const missing = METHODS.filter((method) => typeof (storage as unknown as Record<string, unknown>)[method] !== 'function');
  if (missing.length) throw new ImproperlyConfigured(`STORAGES['${alias}'].BACKEND '${entry.BACKEND}' is not a storage: it lacks ${missing.join(', ')}. Extend Storage from 'hyperdjango/files'.`, { code: 'HYPER_FILES_NOT_A_STORAGE' });
  return storage;
}

class StorageHandler extends AliasHandler<StorageEntry, FileStorage> {
  constructor() {
    super({ setting: 'STORAGES', unknownAliasCode: 'HYPER_FILES_UNKNOWN_ALIAS', entries: storageEntries, create: createStorage });
  }
}

/** `storages.get('default')`, `storages.get('staticfiles')`, or a project's own alias. */
export const storages = new StorageHandler();

/** STORAGES.default, looked up on each call so it follows the settings (Django's default_storage). */
class DefaultStorage implements FileStorage {
  private get target(): FileStorage {
    return storages.get('default');
  }
  save(name: string, content: FileContent, options?: StorageSaveOptions): Promise<string> {
    return this.target.save(name, content, options);
  }
  open(name: string): Promise<Readable> {
    return this.target.open(name);
  }
  read(name: string): Promise<Buffer> {
    return this.target.read(name);
  }
  delete(name: string): Promise<void> {
    return this.target.delete(name);
  }
  exists(name: string): Promise<boolean> {
    return this.target.exists(name);
  }
  size(name: string): Promise<number> {
    return this.target.size(name);
  }
  url(name: string): string {
    return this.target.url(name);
  }
  listdir(path?: string): Promise<{ dirs: string[]; files: string[] }> {
    return this.target.listdir(path);
  }
  modifiedTime(name: string): Promise<Date> {
    return this.target.modifiedTime(name);
  }
  getAvailableName(name: string, maxLength?: number): Promise<string> {
    return this.target.getAvailableName(name, maxLength);
  }
  generateFilename(filename: string): string {
    return this.target.generateFilename(filename);
  }
  getValidName(name: string): string {
    return this.target.getValidName(name);
  }
}

export const defaultStorage: FileStorage = new DefaultStorage();
