// The Storage API (Django's django.core.files.storage.Storage): every backend stores
// bytes under relative names and answers with the name it actually used. Callers
// see names, streams and URLs, never local paths, so a backend may keep files on
// disk, in memory or in an object store. The public methods check every name here,
// once for all backends; a backend implements the protected primitives.
import { Readable } from 'node:stream';
import { StorageError } from './errors';
import { availableName, getValidFilename, splitName, validateFileName } from './names';

/** What save() takes: bytes, text (UTF-8), a stream, or an uploaded file (anything with stream()). */
export type FileContent = Buffer | Uint8Array | string | Readable | { stream(): Readable };

export interface StorageSaveOptions {
  /** The longest name the caller can keep (a FileField's maxLength): a unique name is made to fit. */
  maxLength?: number;
}

/** The public face of a storage: what FileField, views and `defaultStorage` use. */
export interface FileStorage {
  save(name: string, content: FileContent, options?: StorageSaveOptions): Promise<string>;
  open(name: string): Promise<Readable>;
  read(name: string): Promise<Buffer>;
  delete(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
  size(name: string): Promise<number>;
  url(name: string): string;
  /** The folders and files directly under `path` ('' for the top), each sorted; empty when there is nothing there. */
  listdir(path?: string): Promise<{ dirs: string[]; files: string[] }>;
  /** When the file was last written. */
  modifiedTime(name: string): Promise<Date>;
  getAvailableName(name: string, maxLength?: number): Promise<string>;
  generateFilename(filename: string): string;
  getValidName(name: string): string;
}

/** Content as a stream (a Buffer or string becomes a one-chunk stream). */
export function contentStream(content: FileContent): Readable {
  if (content instanceof Readable) return content;
  if (typeof content === 'string') return Readable.from([Buffer.from(content, 'utf8')]);
  if (content instanceof Uint8Array) return Readable.from([Buffer.from(content.buffer, content.byteOffset, content.byteLength)]);
  if (content && typeof (content as { stream?: unknown }).stream === 'function') return content.stream();
  throw new StorageError(`Storage.save() takes a Buffer, a string, a Readable or an uploaded file, got ${content === null ? 'null' : typeof content}.`, { code: 'HYPER_FILES_BAD_CONTENT' });
}

/** A stream's bytes, gathered. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The URL path of a stored name: each segment percent-encoded, '/' kept (Django's filepath_to_uri). */
export function nameToUrlPath(name: string): string {
  return name.split('/').map((segment) => encodeURIComponent(segment).replace(/%40/g, '@').replace(/%2B/gi, '+')).join('/');
}

export abstract class Storage implements FileStorage {
  /**
   * Saves new content under `name` or, when taken, a free name close to it; answers
   * the name used. Never overwrites a file.
   */
  async save(name: string, content: FileContent, options: StorageSaveOptions = {}): Promise<string> {
    const wanted = validateFileName(name, 'The name given to Storage.save()');
    const stream = contentStream(content);
    const free = await this.getAvailableName(wanted, options.maxLength);
    const stored = await this.saveNew(free, stream, options.maxLength);
    return validateFileName(stored, 'The name a storage backend saved under');
  }

  async open(name: string): Promise<Readable> {
    return this.openExisting(validateFileName(name));
  }

  /** The whole file, for small files; open() streams large ones. */
  async read(name: string): Promise<Buffer> {
    return readAll(await this.open(name));
  }

  /** Deletes the file; a name that is not there is not an error (as Django). */
  async delete(name: string): Promise<void> {
    return this.deleteExisting(validateFileName(name));
  }

  async exists(name: string): Promise<boolean> {
    return this.existsName(validateFileName(name));
  }

  async size(name: string): Promise<number> {
    return this.sizeOf(validateFileName(name));
  }

  url(name: string): string {
    return this.urlOf(validateFileName(name));
  }

  async listdir(path = ''): Promise<{ dirs: string[]; files: string[] }> {
    const { dirs, files } = await this.listFolder(path === '' ? '' : validateFileName(path, 'The folder given to Storage.listdir()'));
    return { dirs: [...dirs].sort(), files: [...files].sort() };
  }

  async modifiedTime(name: string): Promise<Date> {
    return this.modifiedTimeOf(validateFileName(name));
  }

  async getAvailableName(name: string, maxLength?: number): Promise<string> {
    return availableName(validateFileName(name), (candidate) => this.existsName(candidate), maxLength);
  }

  /** A client's file name made safe to store: get_valid_filename(), as Django's Storage.get_valid_name(). */
  getValidName(name: string): string {
    return getValidFilename(name);
  }

  /**
   * The name to save `filename` under (an upload_to result): its folders checked, its
   * last part made valid with getValidName().
   */
  generateFilename(filename: string): string {
    const checked = validateFileName(filename, 'The generated file name');
    const { dir } = splitName(checked);
    const base = checked.slice(dir ? dir.length + 1 : 0);
    return dir ? `${dir}/${this.getValidName(base)}` : this.getValidName(base);
  }

  /** Writes `content` under `name`, which was free a moment ago; answers the name used (another free one if it was taken since). */
  protected abstract saveNew(name: string, content: Readable, maxLength?: number): Promise<string>;
  /** A stream of the file; StoredFileNotFound when there is none. */
  protected abstract openExisting(name: string): Promise<Readable>;
  protected abstract deleteExisting(name: string): Promise<void>;
  protected abstract existsName(name: string): Promise<boolean>;
  /** The size in bytes; StoredFileNotFound when there is none. */
  protected abstract sizeOf(name: string): Promise<number>;
  protected abstract urlOf(name: string): string;
  /** The entries directly under a folder ('' for the top); empty lists when it does not exist. */
  protected abstract listFolder(path: string): Promise<{ dirs: string[]; files: string[] }>;
  /** StoredFileNotFound when there is no such file. */
  protected abstract modifiedTimeOf(name: string): Promise<Date>;
}

/** The URL of `name` under `baseUrl`; a storage without one cannot give URLs. */
export function urlUnder(baseUrl: string | null | undefined, name: string, storage: string): string {
  if (!baseUrl) throw new StorageError(`${storage} has no base URL, so ${JSON.stringify(name)} has no URL: set MEDIA_URL (e.g. '/media/') or the storage's baseUrl option.`, { code: 'HYPER_FILES_NO_BASE_URL' });
  return (baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`) + nameToUrlPath(name);
}
