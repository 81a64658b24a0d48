// Precompressed variants beside each text file (<file>.gz, <file>.br), written once
// at collectstatic time so that the server only picks one by Accept-Encoding.
// zlib's async API runs on libuv's thread pool, so files compress in parallel.
import * as fs from 'node:fs/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

const COMPRESSIBLE = /\.(css|js|mjs|cjs|json|map|svg|html?|txt|xml|csv|md|ico|ttf|otf|eot|wasm|webmanifest|ts|tsx|jsx)$/i;

export function isCompressible(relPath: string): boolean {
  return COMPRESSIBLE.test(relPath);
}

/**
 * Writes file.gz and file.br when they are smaller than the file, and removes stale
 * ones that no longer pay off; returns how many variants were written.
 */
export async function writeCompressed(file: string, content: Buffer): Promise<number> {
  const [gz, br] = await Promise.all([
    gzip(content, { level: 9 }),
    brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
  ]);
  let written = 0;
  for (const [ext, data] of [['.gz', gz], ['.br', br]] as const) {
    if (data.length < content.length) {
      await fs.writeFile(file + ext, data);
      written++;
    } else {
      await fs.rm(file + ext, { force: true });
    }
  }
  return written;
}
