// FileField and ImageField: a varchar column holding the name a storage gave the
// file, and on the instance a FieldFile (`post.cover.url`, `await post.cover.save(
// name, content)`). Deleting a row or clearing the field never deletes the file,
// as in Django: files are removed only by FieldFile.delete() or the storage.
import * as posix from 'node:path/posix';
import { readImageDimensions } from '../../files/image-dimensions';
import { validateFileName } from '../../files/names';
import { contentStream, readAll, type FileContent, type FileStorage } from '../../files/storage';
import { defaultStorage, storages } from '../../files/storages';
import { FieldError, ValidationError } from '../errors';
import type { ModelClass } from '../model/types';
import { Field, invalidValue, type FieldOptions, type Validator } from './field';
import { FieldFile, isPendingUpload, type FileFieldLike } from './field-file';

export interface FileFieldOptions extends FieldOptions<FieldFile> {
  /**
   * The folder files go in, with strftime codes ('covers/%Y/%m/'), or a function
   * (instance, filename) => the whole name.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the instance is the project's model, whatever its fields
  uploadTo?: string | ((instance: any, filename: string) => string);
  /** A storage, a function returning one, or an alias of STORAGES; default: STORAGES.default. */
  storage?: FileStorage | (() => FileStorage) | string;
  /** The longest stored name (the column's varchar length); default 100. */
  maxLength?: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The strftime codes Django's upload_to takes most: %Y %m %d %H %M %S (UTC), %% a percent sign. */
export function strftime(pattern: string, date = new Date()): string {
  const codes: Record<string, string> = {
    Y: String(date.getUTCFullYear()), m: pad(date.getUTCMonth() + 1), d: pad(date.getUTCDate()),
    H: pad(date.getUTCHours()), M: pad(date.getUTCMinutes()), S: pad(date.getUTCSeconds()), '%': '%',
  };
  return pattern.replace(/%([YmdHMS%])/g, (_, code: string) => codes[code]);
}

export class FileField<O extends FileFieldOptions = FileFieldOptions> extends Field<FieldFile, O> implements FileFieldLike {
  get dbType(): string {
    return `varchar(${this.maxLength})`;
  }

  get maxLength(): number {
    return this.options.maxLength ?? 100;
  }

  get storage(): FileStorage {
    const chosen = this.options.storage;
    if (chosen === undefined) return defaultStorage;
    if (typeof chosen === 'string') return storages.get(chosen);
    return typeof chosen === 'function' ? chosen() : chosen;
  }

  protected get emptyStringsAllowed(): boolean {
    return true;
  }

  /** The instance attribute reads as a FieldFile, made from the stored name on first read. */
  contributeToClass(model: ModelClass): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the accessor below has the instance as its this
    const field = this;
    const key = Symbol(this.name);
    Object.defineProperty(model.prototype, this.name, {
      configurable: true,
      get(this: Record<symbol, unknown>) {
        const held = this[key];
        if (held instanceof FieldFile) return held;
        const made = new FieldFile(this, field, typeof held === 'string' ? held : field.nullable ? null : '');
        this[key] = made;
        return made;
      },
      set(this: Record<symbol, unknown>, value: unknown) {
        // An upload waits to be stored by save(), as Django's uncommitted file.
        if (isPendingUpload(value)) {
          const waiting = new FieldFile(this, field, value.name);
          waiting.pending = value;
          this[key] = waiting;
          return;
        }
        // Another instance's FieldFile gives its name; this instance's own is kept.
        this[key] = value instanceof FieldFile ? (value.instance === this && value.field === field ? value : value.name) : value;
      },
    });
  }

  /** The name to store a file called `filename` under: uploadTo applied, then the storage's generateFilename(). */
  generateFilename(instance: object, filename: string): string {
    const uploadTo = this.options.uploadTo;
    if (typeof uploadTo === 'function') return this.storage.generateFilename(uploadTo(instance, filename));
    // Checked before joining: posix.join would quietly fold a '..' away.
    const name = validateFileName(filename, `The file name given to ${this.model?.name ?? 'the model'}.${this.name}`);
    return this.storage.generateFilename(posix.join(strftime(uploadTo ?? ''), name));
  }

  async saveContent(instance: object, name: string, content: FileContent): Promise<string> {
    return this.storage.save(this.generateFilename(instance, name), content, { maxLength: this.maxLength });
  }

  clearContent(_instance: object): void {}

  /** As migrations write it: a storage object or an uploadTo function changes no column and is left out (an alias is kept). */
  deconstruct(): { type: string; options: Record<string, unknown> } {
    const { type, options } = super.deconstruct();
    if (typeof options.storage !== 'string') delete options.storage;
    if (typeof options.uploadTo !== 'string') delete options.uploadTo;
    return { type, options };
  }

  /** Stores an upload assigned to the attribute; the instance's save() calls it before writing the row. */
  async commitPending(instance: object): Promise<void> {
    const file = (instance as Record<string, unknown>)[this.name];
    if (file instanceof FieldFile && file.pending) await file.commit();
  }

  toDb(value: FieldFile | string | null): unknown {
    if (value instanceof FieldFile) {
      // bulkCreate() and update() write rows without save(): an unstored upload would leave a name with no file.
      if (value.pending) throw new FieldError(`${this.model?.name ?? 'The model'}.${this.name} holds an upload that is not stored yet: save the instance with save(), or store it with await instance.${this.name}.save(name, content).`, { code: 'HYPER_FILES_UNCOMMITTED' });
      return value.name;
    }
    return value;
  }

  toJs(value: unknown): FieldFile | null {
    if (value instanceof FieldFile || typeof value === 'string') return value as FieldFile;
    throw invalidValue(`Expected a file name or a FieldFile, got ${typeof value}.`);
  }

  isEmpty(value: unknown): boolean {
    return value instanceof FieldFile ? !value.name : super.isEmpty(value);
  }

  protected validators(): Validator<FieldFile>[] {
    const max = this.maxLength;
    return [
      (value) => {
        const name = String(value instanceof FieldFile ? value.name : value);
        if (name.length > max) throw new ValidationError(`Ensure this file name has at most ${max} characters (it has ${name.length}).`, { code: 'HYPER_ORM_VALUE_TOO_LONG' });
      },
    ];
  }
}

export interface ImageFieldOptions extends FileFieldOptions {
  /** A field of the model (an IntegerField) that gets the image's width on save. */
  widthField?: string;
  /** A field of the model that gets the image's height on save. */
  heightField?: string;
}

/** The extensions Django's validate_image_file_extension accepts most often. */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.jpe', '.jfif', '.gif', '.webp', '.bmp', '.dib', '.tif', '.tiff', '.ico', '.cur', '.heic', '.heif', '.avif', '.jp2', '.j2k', '.jxl', '.psd', '.tga', '.dds', '.icns', '.pbm', '.pgm', '.ppm', '.pnm']);

const INVALID_IMAGE = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';

export class ImageField<O extends ImageFieldOptions = ImageFieldOptions> extends FileField<O> {
  /**
   * Reads the whole content, refuses what is not an image (whatever its name says),
   * stores it and fills widthField/heightField.
   */
  async saveContent(instance: object, name: string, content: FileContent): Promise<string> {
    const extension = posix.extname(name).toLowerCase();
    if (!IMAGE_EXTENSIONS.has(extension)) {
      throw new ValidationError({ [this.name]: [`File extension “${extension.slice(1) || '(none)'}” is not allowed. Allowed extensions are: ${[...IMAGE_EXTENSIONS].map((e) => e.slice(1)).join(', ')}.`] }, { code: 'HYPER_FILES_INVALID_IMAGE' });
    }
    const bytes = await readAll(contentStream(content));
    const dimensions = readImageDimensions(bytes);
    if (!dimensions) throw new ValidationError({ [this.name]: [INVALID_IMAGE] }, { code: 'HYPER_FILES_INVALID_IMAGE' });
    const stored = await this.storage.save(this.generateFilename(instance, name), bytes, { maxLength: this.maxLength });
    this.setDimensions(instance, dimensions.width, dimensions.height);
    return stored;
  }

  clearContent(instance: object): void {
    this.setDimensions(instance, null, null);
  }

  private setDimensions(instance: object, width: number | null, height: number | null): void {
    const self = instance as Record<string, unknown>;
    if (this.options.widthField) self[this.options.widthField] = width;
    if (this.options.heightField) self[this.options.heightField] = height;
  }
}
