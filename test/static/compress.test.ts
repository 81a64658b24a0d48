// Precompressed variants: every size round-trips, and fitting gzip's window to the
// file changes nothing in its output.
import * as zlib from 'node:zlib';
import { compressedVariants } from '../../src/static/compress';

function text(size: number): Buffer {
  const words = ['margin', 'padding', 'color', 'background', 'url(', 'function', 'return', '{', '}', ';', '\n'];
  let out = '';
  for (let i = 0; out.length < size; i = (i * 7 + 3) % 101) out += `${words[i % words.length]}${i} `;
  return Buffer.from(out.slice(0, size));
}

test.each([1, 200, 250, 251, 511, 762, 763, 1500, 32_506, 32_507, 40_000, 300_000])('%d bytes: .gz and .br decompress to the file; .gz is what the default window gives', (size) => {
  const content = text(size);
  const variants = new Map(compressedVariants(content));
  const gz = variants.get('.gz');
  const br = variants.get('.br');
  if (gz) {
    expect(zlib.gunzipSync(gz)).toEqual(content);
    expect(gz).toEqual(zlib.gzipSync(content, { level: 9 }));
  }
  if (br) expect(zlib.brotliDecompressSync(br)).toEqual(content);
  // Text of any real size shrinks by more than 5%; a byte cannot.
  expect(Boolean(gz && br)).toBe(size >= 200);
});
