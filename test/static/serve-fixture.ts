// A STATIC_ROOT as collectstatic leaves it (hashed CSS with .gz/.br siblings, a
// plain file, a file too large to keep in memory) plus the hostile parts:
// a secret beside the root, symlinks out of it, a symlink inside it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const HASHED = 'css/site.0123456789ab.css';
export const CSS = Buffer.from(Array.from({ length: 600 }, (_, i) => `.rule-${i} { color: #${(i * 7919).toString(16).padStart(6, '0').slice(0, 6)}; margin: ${i}px; }\n`).join(''));
export const PLAIN = Buffer.from('plain text, no hash in the name\n');
export const BIG = Buffer.alloc(300 * 1024);
for (let i = 0; i < BIG.length; i += 4) BIG.writeUInt32LE(i, i);
export const SECRET = 'TOP-SECRET-CONTENT';
export const CSS_GZ = zlib.gzipSync(CSS);

export interface StaticFixture {
  dir: string;
  root: string;
  remove(): void;
}

export function makeStaticRoot(): StaticFixture {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-static-serve-')));
  const root = path.join(dir, 'staticfiles');
  const write = (rel: string, data: Buffer | string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  };
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  write(HASHED, CSS);
  write(`${HASHED}.gz`, CSS_GZ);
  write(`${HASHED}.br`, zlib.brotliCompressSync(CSS));
  write('js/app.0123456789ab.js', 'console.log(1);\n');
  write('js/app.0123456789ab.js.gz', zlib.gzipSync('console.log(1);\n'));
  write('plain.txt', PLAIN);
  write('big.bin', BIG);
  write('a b.txt', 'space');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link-out.txt'));
  fs.symlinkSync(dir, path.join(root, 'outdir'));
  fs.symlinkSync(path.join(root, HASHED), path.join(root, 'link-in.css'));
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'plain.txt.gz')); // a compressed sibling pointing out
  return { dir, root, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Request paths that try to leave the root, each of which must be a plain 404. */
export const TRAVERSALS = [
  '/static/../secret.txt',
  '/static/css/../../secret.txt',
  '/static/%2e%2e/secret.txt',
  '/static/%2E%2E/secret.txt',
  '/static/.%2e/secret.txt',
  '/static/css/%2e%2e/%2e%2e/secret.txt',
  '/static/..%2fsecret.txt',
  '/static/..%2Fsecret.txt',
  '/static/css%2f..%2f..%2fsecret.txt',
  '/static/..%5csecret.txt',
  '/static/..%5Csecret.txt',
  '/static/..\\secret.txt',
  '/static/css\\..\\..\\secret.txt',
  '/static/plain.txt%00.css',
  '/static/%00',
  '/static//etc/passwd',
  '/static/%2fetc%2fpasswd',
  '/static/%252e%252e/secret.txt',
  '/static/%c0%ae%c0%ae/secret.txt',
  '/static/./plain.txt',
  '/static/link-out.txt',
  '/static/outdir/secret.txt',
];
