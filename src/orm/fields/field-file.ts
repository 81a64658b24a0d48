// What a FileField's attribute holds (Django's FieldFile): the stored name, and the
// storage calls that go with it, so `post.cover.url` and `await post.cover.open()`
// work. It knows names and URLs only, never a local path: any storage fits.
import type { Readable } from 'node:stream';
import { StorageError } from '../../files/errors';
import type { FileContent, FileStorage } from '../../files/storage';

/** The field side a FieldFile needs (FileField implements it). */
export interface FileFieldLike {
  readonly name: string;
  readonly storage: FileStorage;
  readonly maxLength: number;
  generateFilename(instance: object, filename: string): string;
  /** Saves content under a name generated for it; answers the stored name (ImageField also reads the dimensions). */
  saveContent(instance: object, name: string, content: FileContent): Promise<string>;
  /** Clears what goes with the file (ImageField's width and height fields). */
  clearContent(instance: object): void;
}

/** An upload assigned to the attribute (`photo.image = file`): anything with a name and a stream. */
export interface PendingUpload {
  readonly name: string;
  stream(): Readable;
}

export function isPendingUpload(value: unknown): value is PendingUpload {
  return typeof value === 'object' && value !== null && !(value instanceof FieldFile) && typeof (value as PendingUpload).name === 'string' && typeof (value as PendingUpload).stream === 'function';
}

export class FieldFile {
  /**
   * Content assigned but not stored yet (Django's uncommitted file): the instance's
   * save() stores it first, under a name made from `name`.
   */
  pending: PendingUpload | null = null;

  constructor(
    readonly instance: object,
    readonly field: FileFieldLike,
    /** The name in the storage; '' (or null for a `null: true` field) when there is no file. */
    public name: string | null,
  ) {}

  /** Stores the pending upload, if any (called by the instance's save()). */
  async commit(): Promise<void> {
    const upload = this.pending;
    if (!upload) return;
    this.name = await this.field.saveContent(this.instance, upload.name, upload);
    this.pending = null;
  }

  get storage(): FileStorage {
    return this.field.storage;
  }

  /** Whether a file is set (Django's `if instance.cover:`). */
  get hasFile(): boolean {
    return !!this.name;
  }

  private required(): string {
    if (!this.name) throw new StorageError(`The '${this.field.name}' attribute has no file associated with it.`, { code: 'HYPER_FILES_NO_FILE' });
    return this.name;
  }

  /** The file's URL in its storage (MEDIA_URL + name for FileSystemStorage). */
  get url(): string {
    return this.storage.url(this.required());
  }

  /** The file's size in bytes, from the storage. */
  async size(): Promise<number> {
    return this.storage.size(this.required());
  }

  async open(): Promise<Readable> {
    return this.storage.open(this.required());
  }

  async read(): Promise<Buffer> {
    return this.storage.read(this.required());
  }

  async exists(): Promise<boolean> {
    return this.name ? this.storage.exists(this.name) : false;
  }

  /**
   * Stores `content` under a name made from `name` (the field's uploadTo, a valid and
   * free name), sets it on the instance and, unless `save: false`, saves the instance.
   * The file that was there before stays in the storage (Django deletes none either).
   */
  async save(name: string, content: FileContent, options: { save?: boolean } = {}): Promise<void> {
    this.name = await this.field.saveContent(this.instance, name, content);
    this.pending = null;
    if (options.save !== false) await (this.instance as { save(): Promise<unknown> }).save();
  }

  /** Deletes the file from the storage, clears the name and, unless `save: false`, saves the instance. */
  async delete(options: { save?: boolean } = {}): Promise<void> {
    if (!this.name) return;
    await this.storage.delete(this.name);
    this.name = '';
    this.field.clearContent(this.instance);
    if (options.save !== false) await (this.instance as { save(): Promise<unknown> }).save();
  }

  toString(): string {
    return this.name ?? '';
  }

  /** The stored name, as fixtures and JSON responses hold it. */
  toJSON(): string | null {
    return this.name;
  }
}
