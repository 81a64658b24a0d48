// FileSystemStorage: files in a folder (MEDIA_ROOT by default), URLs under a base
// URL (MEDIA_URL). Options left out are read from the settings on each use, so a
// test's configure() or overrideSettings is followed, as in Django.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { settings } from '../conf/settings';
import { StoredFileNotFound, SuspiciousFileOperation } from './errors';
import { Storage, urlUnder } from './storage';

export interface FileSystemStorageOptions {
  /** The folder, absolute or relative to BASE_DIR; default MEDIA_ROOT. */
  location?: string;
  /** The URL prefix of the files; default MEDIA_URL. */
  baseUrl?: string | null;
  /** Mode of saved files; default FILE_UPLOAD_PERMISSIONS. */
  fileMode?: number | null;
  /** Mode of created folders; default FILE_UPLOAD_DIRECTORY_PERMISSIONS. */
  directoryMode?: number | null;
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | null)?.code === code;

export class FileSystemStorage extends Storage {
  constructor(private readonly options: FileSystemStorageOptions = {}) {
    super();
  }

  /** The absolute folder the files are in. */
  get location(): string {
    return path.resolve(String(settings.BASE_DIR), this.options.location ?? String(settings.MEDIA_ROOT));
  }

  get baseUrl(): string | null {
    return this.options.baseUrl !== undefined ? this.options.baseUrl : String(settings.MEDIA_URL) || null;
  }

  /**
   * The local path of a stored name. Only this backend has one: code that must work
   * with any storage uses open() and url() instead.
   */
  path(name: string): string {
    const root = this.location;
    const full = path.resolve(root, name);
    // Names are checked before they get here; this is the last guard against a way out.
    if (full !== root && !full.startsWith(root + path.sep)) throw new SuspiciousFileOperation(`The file name ${JSON.stringify(name)} resolves outside ${root}.`);
    return full;
  }

  protected async saveNew(name: string, content: Readable, maxLength?: number): Promise<string> {
    let current = name;
    const fileMode = this.options.fileMode !== undefined ? this.options.fileMode : settings.FILE_UPLOAD_PERMISSIONS;
    for (;;) {
      const full = this.path(current);
      await this.makeFolders(path.dirname(full));
      let handle: fs.promises.FileHandle;
      try {
        // 'wx': never overwrite; a name taken since getAvailableName() means another try.
        handle = await fs.promises.open(full, 'wx', fileMode ?? 0o666);
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        current = await this.getAvailableName(current, maxLength);
        continue;
      }
      try {
        await pipeline(content, handle.createWriteStream());
        if (fileMode !== null && fileMode !== undefined) await fs.promises.chmod(full, fileMode);
      } catch (error) {
        // No partial file is left under the name.
        await handle.close().catch(() => undefined);
        await fs.promises.rm(full, { force: true });
        throw error;
      }
      return current;
    }
  }

  private async makeFolders(dir: string): Promise<void> {
    const mode = this.options.directoryMode !== undefined ? this.options.directoryMode : settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS;
    await fs.promises.mkdir(dir, { recursive: true, ...(mode !== null && mode !== undefined ? { mode } : {}) });
    // A symlinked folder inside the storage must not lead out of it.
    const [realRoot, realDir] = await Promise.all([fs.promises.realpath(this.location), fs.promises.realpath(dir)]);
    if (realDir !== realRoot && !realDir.startsWith(realRoot + path.sep)) throw new SuspiciousFileOperation(`The folder ${JSON.stringify(path.relative(this.location, dir))} leads outside ${this.location} through a symbolic link.`);
  }

  protected async openExisting(name: string): Promise<Readable> {
    const full = this.path(name);
    try {
      // A symbolic link inside the storage must not read a file outside it.
      const [realRoot, realFile] = await Promise.all([fs.promises.realpath(this.location), fs.promises.realpath(full)]);
      if (!realFile.startsWith(realRoot + path.sep)) throw new SuspiciousFileOperation(`The file ${JSON.stringify(name)} leads outside ${this.location} through a symbolic link.`);
      const handle = await fs.promises.open(realFile, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'EISDIR')) throw this.notFound(name, error);
      throw error;
    }
  }

  protected async deleteExisting(name: string): Promise<void> {
    await fs.promises.rm(this.path(name), { force: true });
  }

  protected async existsName(name: string): Promise<boolean> {
    try {
      await fs.promises.lstat(this.path(name));
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return false;
      throw error;
    }
  }

  protected async sizeOf(name: string): Promise<number> {
    try {
      const stat = await fs.promises.stat(this.path(name));
      if (!stat.isFile()) throw this.notFound(name);
      return stat.size;
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw this.notFound(name, error);
      throw error;
    }
  }

  protected async listFolder(folder: string): Promise<{ dirs: string[]; files: string[] }> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder ? this.path(folder) : this.location, { withFileTypes: true });
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return { dirs: [], files: [] };
      throw error;
    }
    return { dirs: entries.filter((e) => e.isDirectory()).map((e) => e.name), files: entries.filter((e) => e.isFile()).map((e) => e.name) };
  }

  protected async modifiedTimeOf(name: string): Promise<Date> {
    try {
      const stat = await fs.promises.stat(this.path(name));
      if (!stat.isFile()) throw this.notFound(name);
      return stat.mtime;
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw this.notFound(name, error);
      throw error;
    }
  }

  protected urlOf(name: string): string {
    return urlUnder(this.baseUrl, name, 'FileSystemStorage');
  }

  private notFound(name: string, cause?: unknown): StoredFileNotFound {
    return new StoredFileNotFound(`No file ${JSON.stringify(name)} in ${this.location}.`, { cause });
  }
}
