// readImageDimensions: width, height and format from the header (image-size), and
// null for anything that only pretends to be an image.
import { readImageDimensions } from '../../src/files';
import { GIF, png, SIGNATURE_ONLY, SIGNATURE_THEN_JUNK, SVG, TEXT_AS_PNG } from './images';

it('reads a real PNG and GIF', () => {
  expect(readImageDimensions(png(3, 2))).toEqual({ width: 3, height: 2, type: 'png' });
  expect(readImageDimensions(GIF)).toEqual({ width: 1, height: 1, type: 'gif' });
});

it.each([
  ['text named like a PNG', TEXT_AS_PNG],
  ['the PNG signature alone', SIGNATURE_ONLY],
  ['the PNG signature then junk', SIGNATURE_THEN_JUNK],
  ['an SVG (text that can carry scripts)', SVG],
  ['nothing', Buffer.alloc(0)],
])('answers null for %s', (_, bytes) => {
  expect(readImageDimensions(bytes)).toBeNull();
});

it('never reads a file when handed a path instead of bytes', () => {
  expect(readImageDimensions('/etc/passwd' as unknown as Buffer)).toBeNull();
});

it('a PNG header claiming zero width is no image', () => {
  const zero = png(1, 1);
  zero.writeUInt32BE(0, 16);
  expect(readImageDimensions(zero)).toBeNull();
});
