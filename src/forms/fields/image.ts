// ImageField: a FileField whose upload must be an image. The bytes are read (the
// header is enough for the check, but an upload spilled to disk is read whole, as
// Django's Pillow check does) and refused when readImageDimensions() does not know
// them, whatever the file's name says. The cleaned file carries what was read:
// `file.image` (width, height, type) and `file.contentType` from the bytes, as
// Django sets `f.image` and `f.content_type`.
import { readImageDimensions, type ImageDimensions } from '../../files/image-dimensions';
import type { Attrs } from '../widgets/attrs';
import type { Widget } from '../widgets/widget';
import { FILE_ERRORS, FileField, type FileFieldOptions, type UploadedFileLike } from './file';

/** The cleaned value of an ImageField: the upload, with what its bytes say it is. */
export interface CleanedImage extends UploadedFileLike {
  readonly image: ImageDimensions;
  /** The MIME type of the bytes' format (image/png ...), not the one the client sent. */
  readonly contentType: string;
}

/** The MIME type of each format readImageDimensions() answers, as Pillow's Image.MIME. */
const MIME: Record<string, string> = {
  bmp: 'image/bmp', cur: 'image/x-icon', gif: 'image/gif', heif: 'image/heif', icns: 'image/icns', ico: 'image/x-icon',
  jpg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff', webp: 'image/webp', jp2: 'image/jp2', j2c: 'image/jp2',
  jxl: 'image/jxl', ktx: 'image/ktx', dds: 'image/vnd-ms.dds', psd: 'image/vnd.adobe.photoshop', tga: 'image/x-tga', pnm: 'image/x-portable-anymap',
};

/** How an upload's bytes are reached: UploadedFile holds them in `buffer`, or gives them by read(). */
interface Readable {
  buffer?: Uint8Array | null;
  read?: () => Promise<Uint8Array>;
}

export class ImageField<O extends FileFieldOptions = FileFieldOptions> extends FileField<O, CleanedImage> {
  protected override readonly defaultErrors: Record<string, string> = {
    ...FILE_ERRORS,
    invalid_image: 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
  };

  override clean(data: unknown, initial?: unknown): CleanedImage | null | false | Promise<CleanedImage | null | false> {
    const file = super.clean(data, initial) as CleanedImage | null | false;
    // The kept initial file (already stored) and an empty field are not read again.
    if (!file || file === initial) return file;
    const source = file as UploadedFileLike & Readable;
    if (source.buffer instanceof Uint8Array) return this.checked(file, source.buffer);
    if (typeof source.read !== 'function') throw this.error('invalid_image');
    return source.read().then((bytes) => this.checked(file, bytes));
  }

  override widgetAttrs(widget: Widget): Attrs {
    // Django adds accept="image/*" to a FileInput that does not set its own.
    return widget.attrs.accept === undefined && (widget as { inputType?: string | null }).inputType === 'file' ? { accept: 'image/*' } : {};
  }

  private checked(file: UploadedFileLike, bytes: Uint8Array): CleanedImage {
    const image = readImageDimensions(bytes);
    if (!image) throw this.error('invalid_image');
    const out = file as UploadedFileLike & { image: ImageDimensions; contentType: string };
    // UploadedFile's contentType is the client's claim: the bytes' own replaces it.
    Object.defineProperty(out, 'image', { value: image, configurable: true, enumerable: true, writable: true });
    Object.defineProperty(out, 'contentType', { value: MIME[image.type] ?? out.contentType, configurable: true, enumerable: true, writable: true });
    return out;
  }
}
