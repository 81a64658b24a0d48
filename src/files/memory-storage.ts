// InMemoryStorage (Django 4.2's): files kept in this process's memory, for tests and
// for proving that code works with a storage that has no local paths.
import { Readable } from 'node:stream';
import { settings } from '../conf/settings';
import { StoredFileNotFound } from './errors';
import { readAll, Storage, urlUnder } from './storage';

export interface InMemoryStorageOptions {
  /** The URL prefix of the files; default MEDIA_URL. */
  baseUrl?: string | null;
}

export class InMemoryStorage extends Storage {
  private readonly files = new Map<string, { data: Buffer; modified: Date }>();

  constructor(private readonly options: InMemoryStorageOptions = {}) {
    super();
  }

  protected async saveNew(name: string, content: Readable, maxLength?: number): Promise<string> {
    const data = await readAll(content);
    // Another save may have taken the name while the content was read.
    const free = this.files.has(name) ? await this.getAvailableName(name, maxLength) : name;
    this.files.set(free, { data, modified: new Date() });
    return free;
  }

  protected openExisting(name: string): Promise<Readable> {
    const file = this.files.get(name);
    if (!file) return Promise.reject(this.notFound(name));
    return Promise.resolve(Readable.from([file.data]));
  }

  protected deleteExisting(name: string): Promise<void> {
    this.files.delete(name);
    return Promise.resolve();
  }

  protected existsName(name: string): Promise<boolean> {
    // A name is also taken when it is a folder of stored names.
    if (this.files.has(name)) return Promise.resolve(true);
    const prefix = `${name}/`;
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return Promise.resolve(true);
    return Promise.resolve(false);
  }

  protected sizeOf(name: string): Promise<number> {
    const file = this.files.get(name);
    return file ? Promise.resolve(file.data.length) : Promise.reject(this.notFound(name));
  }

  protected listFolder(folder: string): Promise<{ dirs: string[]; files: string[] }> {
    const prefix = folder ? `${folder}/` : '';
    const dirs = new Set<string>();
    const files: string[] = [];
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) files.push(rest);
      else dirs.add(rest.slice(0, slash));
    }
    return Promise.resolve({ dirs: [...dirs], files });
  }

  protected modifiedTimeOf(name: string): Promise<Date> {
    const file = this.files.get(name);
    return file ? Promise.resolve(file.modified) : Promise.reject(this.notFound(name));
  }

  protected urlOf(name: string): string {
    return urlUnder(this.options.baseUrl !== undefined ? this.options.baseUrl : String(settings.MEDIA_URL) || null, name, 'InMemoryStorage');
  }

  private notFound(name: string): StoredFileNotFound {
    return new StoredFileNotFound(`No file ${JSON.stringify(name)} in this InMemoryStorage.`);
  }
}
