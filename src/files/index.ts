// src/files (hyperdjango/files): file storage. The Storage API (save, open, delete,
// exists, size, url, safe unique names, no way out of the storage), the
// FileSystemStorage on MEDIA_ROOT/MEDIA_URL and an in-memory one, the STORAGES
// setting's storages by alias, and image dimensions for ImageField. Callers see
// names, streams and URLs, never local paths, so other backends can follow.
export { Storage, contentStream, readAll, nameToUrlPath, urlUnder, type FileStorage, type FileContent, type StorageSaveOptions } from './storage';
export { FileSystemStorage, type FileSystemStorageOptions } from './file-system-storage';
export { InMemoryStorage, type InMemoryStorageOptions } from './memory-storage';
export { storages, defaultStorage, createStorage, storageEntries, BUILTIN_STORAGE_BACKENDS } from './storages';
export { validateFileName, getValidFilename, availableName, splitName } from './names';
export { readImageDimensions, type ImageDimensions } from './image-dimensions';
export { SuspiciousFileOperation, StoredFileNotFound, StorageError } from './errors';
export type { StorageEntry } from '../conf/files-settings';
