// The width and height of an image, read from its header by image-size (which
// detects the format from the bytes, never from the name). ImageField uses it to
// refuse files that are not images and to fill its widthField/heightField.
import { imageSize } from 'image-size';

export interface ImageDimensions {
  width: number;
  height: number;
  /** The format the bytes are in: 'png', 'jpg', 'gif', 'webp' ... */
  type: string;
}

/**
 * Raster formats an ImageField takes, as Pillow opens them for Django. SVG is left
 * out: it is text that can carry scripts, and Django's ImageField refuses it too.
 */
const RASTER = new Set(['bmp', 'cur', 'gif', 'heif', 'icns', 'ico', 'jpg', 'png', 'tiff', 'webp', 'jp2', 'j2c', 'jxl', 'ktx', 'dds', 'psd', 'tga', 'pnm']);

/** The header's smallest sizes: a PNG's IHDR chunk ends at byte 33. */
const MIN_LENGTH: Record<string, number> = { png: 33, gif: 10, jpg: 4 };

/** The image's dimensions and format, or null when the bytes are not an image this accepts. */
export function readImageDimensions(buffer: Uint8Array): ImageDimensions | null {
  // image-size reads a file when given a string: only bytes are passed on.
  if (!(buffer instanceof Uint8Array) || buffer.length === 0) return null;
  let result: { width?: number; height?: number; type?: string };
  try {
    result = imageSize(buffer);
  } catch {
    return null;
  }
  const type = result.type ?? '';
  const { width, height } = result;
  if (!RASTER.has(type) || buffer.length < (MIN_LENGTH[type] ?? 0)) return null;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1) return null;
  return { width: width!, height: height!, type };
}
