// Random well-formed multipart bodies and the check that parsing one gives back
// what was encoded; shared by the jest test and the longer run of
// scripts/fuzz-multipart.js. The generator covers what RFC 2046/7578 allow and
// parsers get wrong: boundaries of 1-70 characters from the full allowed set
// (spaces, quotes, '=' and '?' included), names with quotes, backslashes, ';' and
// 'name=' inside them and non-ASCII, data that looks like a boundary, transport
// padding, header-name case, extra headers, RFC 5987 file names, a preamble and
// an epilogue, and any chunking of the bytes.
import * as fs from 'node:fs';
import { BadRequest, SuspiciousOperation } from '../../src/http/errors';
import { parseMultipart } from '../../src/http/multipart';

export type Rand = () => number;

export function rng(seed: number): Rand {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];

// RFC 2046 bchars; a space may not end a boundary.
const BCHARS = [..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "];

export function randomBoundary(rand: Rand): string {
  const length = rand() < 0.3 ? int(rand, 1, 4) : int(rand, 5, 70);
  let out = '';
  for (let i = 0; i < length; i++) out += pick(rand, BCHARS);
  return out.endsWith(' ') ? `${out.slice(0, -1)}x` : out;
}

interface FieldPart {
  name: string;
  value: string;
}
interface FilePart {
  name: string;
  filename: string;
  contentType: string | null;
  content: Buffer;
}
export interface Form {
  boundary: string;
  parts: Array<FieldPart | FilePart>;
  body: Buffer;
}

const NAME_PIECES = ['a', 'field', 'x1', 'é', '名前', '😀', '"', '\\', ' ', ';', '=', 'name=', '; filename="f"', "'", '-', '[]'];
const FILE_PIECES = ['a', 'report', 'ü', '日本', '😀', '"', ';', '=', ' ', '.', '-', "'", '(1)'];
const TYPES = ['text/plain', 'image/png', 'application/pdf; x="y"', 'application/octet-stream'];

function pieces(rand: Rand, from: readonly string[], max: number): string {
  let out = '';
  for (let n = int(rand, 1, max); n > 0; n--) out += pick(rand, from);
  return out;
}

/** Text that looks like the boundary without being the delimiter (CRLF "--" boundary). */
function lookalikes(boundary: string): string[] {
  return [
    '\r\n',
    '\r',
    '\n',
    '--',
    `--${boundary}`,
    `--${boundary}--`,
    `\n--${boundary}`,
    `\r--${boundary}`,
    `\r\n-${boundary}`,
    `\r\n--${boundary.slice(0, -1)}`,
    `\r\n--${boundary.slice(1)}`,
    '\r\n\r\n',
    'Content-Disposition: form-data; name="evil"',
  ];
}

function randomData(rand: Rand, boundary: string, binary: boolean): Buffer {
  const parts: Buffer[] = [];
  const looks = lookalikes(boundary);
  for (let n = int(rand, 0, 8); n > 0; n--) {
    const r = rand();
    if (r < 0.35) parts.push(Buffer.from(pick(rand, looks)));
    else if (r < 0.55) parts.push(Buffer.from(pick(rand, ['é', '名前', '😀', 'text', ' '])));
    else if (binary) parts.push(Buffer.from(Array.from({ length: int(rand, 1, rand() < 0.1 ? 3000 : 200) }, () => int(rand, 0, 255))));
    else parts.push(Buffer.from('plain words '.repeat(int(rand, 1, 20))));
  }
  return Buffer.concat(parts);
}

const quoted = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** A random well-formed body and what it encodes. */
export function randomForm(rand: Rand): Form {
  const boundary = randomBoundary(rand);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const clean = (data: Buffer): boolean => !data.includes(delimiter);
  const parts: Form['parts'] = [];
  const out: Buffer[] = [];
  if (rand() < 0.3) {
    const preamble = randomData(rand, boundary, false);
    // With the CRLF the parser implies before the first boundary, the preamble must stay clean.
    if (clean(Buffer.concat([Buffer.from('\r\n'), preamble]))) out.push(preamble, Buffer.from('\r\n'));
  }
  const padding = (): string => (rand() < 0.2 ? pick(rand, [' ', '\t', '  \t']) : '');
  for (let n = int(rand, 0, rand() < 0.1 ? 60 : 12); n > 0; n--) {
    const isFile = rand() < 0.35;
    const name = rand() < 0.05 ? '' : pieces(rand, NAME_PIECES, 4);
    let data = randomData(rand, boundary, isFile);
    while (!clean(data)) data = randomData(rand, boundary, isFile);
    const disposition = pick(rand, ['Content-Disposition', 'content-disposition', 'CONTENT-DISPOSITION']);
    const sep = pick(rand, ['; ', ';', ';  ', ' ; ']);
    const headers: string[] = [];
    if (rand() < 0.15) headers.push('X-Note: ignored');
    if (isFile) {
      const filename = `f${pieces(rand, FILE_PIECES, 5)}z`;
      const contentType = rand() < 0.2 ? null : pick(rand, TYPES);
      const fileParam =
        rand() < 0.25
          ? `filename*=UTF-8''${encodeURIComponent(filename)}${rand() < 0.5 ? `${sep}filename="fallback.txt"` : ''}`
          : `filename=${quoted(filename)}`;
      headers.push(`${disposition}: form-data${sep}name=${quoted(name)}${sep}${fileParam}`);
      if (contentType) headers.push(`Content-Type: ${contentType}`);
      parts.push({ name, filename, contentType, content: data });
    } else {
      headers.push(`${disposition}: ${pick(rand, ['form-data', 'Form-Data'])}${sep}name=${quoted(name)}`);
      if (rand() < 0.1) headers.push('Content-Type: text/plain; charset=utf-8');
      parts.push({ name, value: data.toString('utf8') });
    }
    if (rand() < 0.5) headers.reverse();
    out.push(Buffer.from(`--${boundary}${padding()}\r\n${headers.join('\r\n')}\r\n\r\n`), data, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--`));
  if (rand() < 0.7) out.push(Buffer.from('\r\n'));
  if (rand() < 0.2) out.push(Buffer.from(`epilogue, even with the delimiter: \r\n--${boundary}\r\nnot a part`));
  return { boundary, parts, body: Buffer.concat(out) };
}

/** The body cut into random chunks: single bytes, small pieces, near the delimiter's length, or whole. */
export function randomChunks(rand: Rand, body: Buffer, boundary: string): Buffer[] {
  const style = rand();
  if (style < 0.15) return [body];
  const max = style < 0.3 ? 1 : style < 0.6 ? boundary.length + 6 : style < 0.85 ? 64 : 4096;
  const out: Buffer[] = [];
  for (let pos = 0; pos < body.length; ) {
    const n = int(rand, 1, max);
    out.push(body.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

async function* asStream(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    yield chunk;
  }
}

/**
 * Parses `form` (chunked at random, sometimes through an async source, with a random
 * in-memory size so some files spill to `tempDir`) and returns what differs from what
 * was encoded, or null. Spilled files are removed.
 */
export async function roundTrip(form: Form, rand: Rand, tempDir: string): Promise<string | null> {
  const chunks = randomChunks(rand, form.body, form.boundary);
  const limits = { maxFields: null, maxFiles: null, maxFieldBytes: null, fileMemorySize: int(rand, 0, 400), tempDir };
  const source = chunks.length < 500 && rand() < 0.2 ? asStream(chunks) : chunks;
  const { fields, files } = await parseMultipart(source, form.boundary, limits);
  try {
    const wantFields: Record<string, string[]> = {};
    const wantFiles: Array<[string, string, string, string]> = [];
    for (const part of form.parts) {
      if ('value' in part) (wantFields[part.name] ??= []).push(part.value);
      else wantFiles.push([part.name, part.filename, part.contentType ?? 'application/octet-stream', part.content.toString('hex')]);
    }
    const gotFields = JSON.stringify(fields.toJSON());
    if (gotFields !== JSON.stringify(wantFields)) return `fields ${gotFields} != ${JSON.stringify(wantFields)}`;
    const gotFiles: typeof wantFiles = [];
    for (const name of new Set(wantFiles.map((f) => f[0]))) {
      for (const file of files.getList(name)) {
        if (file.tempPath && (fs.statSync(file.tempPath).mode & 0o777) !== 0o600) return `temporary file mode ${fs.statSync(file.tempPath).mode.toString(8)}`;
        gotFiles.push([file.fieldName, file.name, file.contentType, (await file.read()).toString('hex')]);
      }
    }
    const byName = (a: (typeof wantFiles)[number], b: (typeof wantFiles)[number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    // FileDict groups files by field name; within a name the order is kept.
    const want = JSON.stringify([...wantFiles].sort(byName));
    const got = JSON.stringify(gotFiles.sort(byName));
    if (got !== want) return `files ${got.slice(0, 300)} != ${want.slice(0, 300)}`;
    return null;
  } finally {
    for (const file of files.all()) await file.cleanup();
  }
}

/**
 * Parses `form` after random damage (bytes overwritten, lookalike text inserted, the
 * body cut short) and returns a problem, or null when the parse succeeded or failed
 * with a 400/413 error and left no temporary file.
 */
export async function corruptedParse(form: Form, rand: Rand, tempDir: string): Promise<string | null> {
  let body = Buffer.from(form.body);
  for (let n = int(rand, 1, 4); n > 0 && body.length; n--) {
    const at = int(rand, 0, body.length - 1);
    const r = rand();
    if (r < 0.4) body[at] = int(rand, 0, 255);
    else if (r < 0.8) body = Buffer.concat([body.subarray(0, at), Buffer.from(pick(rand, lookalikes(form.boundary))), body.subarray(at)]);
    else body = body.subarray(0, at);
  }
  const limits = { maxFields: int(rand, 0, 20), maxFiles: int(rand, 0, 5), maxFieldBytes: int(rand, 0, 2000), fileMemorySize: int(rand, 0, 400), tempDir, maxPartHeaderBytes: int(rand, 50, 500) };
  try {
    const { files } = await parseMultipart(randomChunks(rand, body, form.boundary), form.boundary, limits);
    for (const file of files.all()) await file.cleanup();
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (!(error instanceof BadRequest || error instanceof SuspiciousOperation) || (status !== 400 && status !== 413)) return `unexpected ${String((error as Error).stack ?? error)}`;
  }
  const left = fs.readdirSync(tempDir);
  return left.length ? `temporary files left: ${left.join(', ')}` : null;
}
