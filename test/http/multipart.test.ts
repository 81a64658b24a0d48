// The streaming multipart parser: every way of splitting a body into chunks gives
// the same result, random well-formed bodies parse to what was encoded, random
// corruption gives a clean 400/413 or a result (never another kind of error), and
// hostile bodies get the status their limit promises, leaving no temporary file.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BadRequest, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent, boundaryOf, parseMultipart, type MultipartLimits } from '../../src/http';
import { encodeMultipart } from '../../src/test-client';
import { corruptedParse, randomBoundary, randomForm, rng, roundTrip } from './multipart-fuzz';

const limits = { maxFields: 50, maxFiles: 10, maxFieldBytes: 100_000, fileMemorySize: 64, tempDir: null };

function chunked(body: Buffer, rand: () => number): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < body.length) {
    const n = 1 + Math.floor(rand() * 40);
    out.push(body.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}


const payload = crypto.randomBytes(500);
const body = encodeMultipart({ a: 'one', b: ['x\r\n--not-the-boundary', 'y'], f: { filename: 'p.bin', content: payload }, g: { filename: 'ü.txt', content: 'small' } }, 'BOUNDARY');

test('any chunking gives the same fields and files', async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const { fields, files } = await parseMultipart(chunked(body, rng(seed)), 'BOUNDARY', limits);
    expect(fields.toJSON()).toEqual({ a: ['one'], b: ['x\r\n--not-the-boundary', 'y'] });
    const f = files.get('f')!;
    expect(f.inMemory).toBe(false);
    expect((await f.read()).equals(payload)).toBe(true);
    await f.cleanup();
    expect(await files.get('g')!.text()).toBe('small');
    expect(files.get('g')!.name).toBe('ü.txt');
  }
});

test('fuzz: corrupted bodies fail only with a 400/413 error', async () => {
  const rand = rng(42);
  for (let i = 0; i < 400; i++) {
    const copy = Buffer.from(body);
    const edits = 1 + Math.floor(rand() * 6);
    for (let e = 0; e < edits; e++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256);
    const cut = rand() < 0.3 ? copy.subarray(0, Math.floor(rand() * copy.length)) : copy;
    try {
      const { files } = await parseMultipart(chunked(cut, rand), 'BOUNDARY', limits);
      for (const file of files.all()) await file.cleanup();
    } catch (error) {
      expect(error instanceof BadRequest || error instanceof SuspiciousOperation).toBe(true);
    }
  }
});

describe('generated bodies', () => {
  let tempDir: string;
  beforeAll(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-multipart-fuzz-'));
  });
  afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

  test('random well-formed bodies, any chunking, parse to what was encoded', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const form = randomForm(rand);
      const problem = await roundTrip(form, rand, tempDir);
      if (problem) throw new Error(`seed ${seed}, boundary ${JSON.stringify(form.boundary)}: ${problem}`);
    }
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });

  test('damaged random bodies fail only with a 400/413 error and leave no temporary file', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rand = rng(seed);
      const problem = await corruptedParse(randomForm(rand), rand, tempDir);
      if (problem) throw new Error(`seed ${seed}: ${problem}`);
    }
  });

  test('every valid boundary is read back from a Content-Type', () => {
    const rand = rng(7);
    for (let i = 0; i < 500; i++) {
      const boundary = randomBoundary(rand);
      expect(boundaryOf(`multipart/form-data; boundary="${boundary}"`)).toBe(boundary);
      if (!/[\s;]/.test(boundary)) expect(boundaryOf(`multipart/form-data; charset=utf-8; boundary=${boundary}`)).toBe(boundary);
    }
  });
});

describe('hostile bodies', () => {
  let tempDir: string;
  let strict: MultipartLimits;
  beforeEach(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-multipart-hostile-'));
    strict = { maxFields: 3, maxFiles: 2, maxFieldBytes: 100, fileMemorySize: 16, tempDir, maxPartHeaderBytes: 200 };
  });
  afterEach(() => fs.rmSync(tempDir, { recursive: true, force: true }));

  const part = (name: string, data: string, filename?: string): string =>
    `--B\r\nContent-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}\r\n\r\n${data}\r\n`;
  const split = (body: string, size: number): Buffer[] => {
    const bytes = Buffer.from(body);
    const out: Buffer[] = [];
    for (let pos = 0; pos < bytes.length; pos += size) out.push(bytes.subarray(pos, pos + size));
    return out;
  };
  /** The error's class and HTTP status, whatever the chunking; no temporary file is left behind. */
  async function rejects(body: string, kind: new (...args: never[]) => Error, status: number, sizes = [1, 7, 1 << 20]): Promise<string> {
    let message = '';
    for (const size of sizes) {
      const error = await parseMultipart(split(body, size), 'B', strict).then(
        () => null,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(kind);
      expect((error as unknown as { status: number }).status).toBe(status);
      expect(fs.readdirSync(tempDir)).toEqual([]);
      message = error!.message;
    }
    return message;
  }
  async function parses(body: string, limits = strict) {
    const results = [];
    for (const size of [1, 3, 1 << 20]) {
      const { fields, files } = await parseMultipart(split(body, size), 'B', limits);
      const texts: Record<string, string> = {};
      for (const file of files.all()) texts[file.fieldName] = await file.text();
      for (const file of files.all()) await file.cleanup();
      results.push({ fields: fields.toJSON(), files: texts });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    return results[0];
  }

  test('boundary-like text inside data stays data', async () => {
    const tricky = ['--B', '--B--', '\r\n-B', '\n--B', '\r--B', '\r\n--', '\r\n\r\n-B'];
    const body = tricky.map((t, i) => part(`f${i % 3}`, `x${t}y`, i % 2 ? 'a.txt' : undefined)).join('') + '--B--';
    const limits = { ...strict, maxFields: null, maxFiles: null };
    const { fields, files } = await parses(body, limits);
    expect(fields).toEqual({ f0: ['x--By', 'x\r\n\r\n-By'], f2: ['x\r\n-By'], f1: ['x\r--By'] });
    expect(files).toEqual({ f1: 'x--B--y', f0: 'x\n--By', f2: 'x\r\n--y' });
  });

  test('the delimiter followed by anything but CRLF, "--" or padding ends the body: 400', async () => {
    expect(await rejects(part('a', 'x\r\n--By') + '--B--', BadRequest, 400)).toMatch(/boundary not followed by CRLF/);
  });

  test('CRLF variations: LF-only and CR-only line ends are 400; padding after a boundary and a missing final CRLF are fine', async () => {
    const lf = part('a', 'x').replace(/\r\n/g, '\n') + '--B--\n';
    await rejects(lf, BadRequest, 400);
    const cr = part('a', 'x').replace(/\r\n/g, '\r') + '--B--\r';
    await rejects(cr, BadRequest, 400);
    const padded = part('a', 'x').replace('--B\r\n', '--B \t \r\n') + '--B--';
    expect((await parses(padded)).fields).toEqual({ a: ['x'] });
    const noBlankLine = '--B\r\nContent-Disposition: form-data; name="a"\r\nx\r\n--B--';
    await rejects(noBlankLine, BadRequest, 400);
  });

  test('a body without its closing boundary is 400, and a spilled file of it is removed', async () => {
    const file = part('up', 'z'.repeat(100), 'u.bin');
    for (const end of ['', '--B', '--B-', '--B\r\n', '--B\r\nContent-Disposition: form-data; name="b"\r\n\r\nmore']) {
      expect(await rejects(file + end, BadRequest, 400)).toMatch(/ended before the closing boundary/);
    }
    expect(await rejects('', BadRequest, 400)).toMatch(/ended before the closing boundary/);
  });

  test('a preamble without a boundary in its first 64 KiB is 400', async () => {
    expect(await rejects('p'.repeat(70 * 1024), BadRequest, 400, [5, 1 << 20])).toMatch(/no boundary in the first 64 KiB/);
  });

  test('part headers over the limit are 400, whether or not they end', async () => {
    const long = `--B\r\nContent-Disposition: form-data; name="a"\r\nX-Padding: ${'p'.repeat(300)}\r\n\r\nx\r\n--B--`;
    expect(await rejects(long, BadRequest, 400)).toMatch(/part headers too large/);
    expect(await rejects(`--B\r\nX-Padding: ${'p'.repeat(300)}`, BadRequest, 400)).toMatch(/part headers too large/);
    expect(await rejects(`--B${' '.repeat(300)}`, BadRequest, 400)).toMatch(/part headers too large/);
  });

  test('too many fields or files are 400 (DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES); earlier spilled files are removed', async () => {
    const fields = ['a', 'b', 'c', 'd'].map((n) => part(n, 'v')).join('') + '--B--';
    expect(await rejects(fields, TooManyFieldsSent, 400)).toMatch(/DATA_UPLOAD_MAX_NUMBER_FIELDS \(3\)/);
    const files = [1, 2, 3].map((n) => part(`f${n}`, 'big file '.repeat(10), `${n}.bin`)).join('') + '--B--';
    expect(await rejects(files, TooManyFilesSent, 400)).toMatch(/DATA_UPLOAD_MAX_NUMBER_FILES \(2\)/);
    // At the limit, both are fine.
    expect(Object.keys((await parses(['a', 'b', 'c'].map((n) => part(n, 'v')).join('') + part('f', 'x', 'f.txt') + '--B--')).fields)).toEqual(['a', 'b', 'c']);
  });

  test('too much field data is 413 (DATA_UPLOAD_MAX_MEMORY_SIZE); file data does not count', async () => {
    const body = part('a', 'x'.repeat(60)) + part('up', 'y'.repeat(500), 'u.bin') + part('b', 'x'.repeat(41)) + '--B--';
    expect(await rejects(body, RequestDataTooBig, 413)).toMatch(/DATA_UPLOAD_MAX_MEMORY_SIZE \(100 bytes\)/);
    const fits = part('a', 'x'.repeat(60)) + part('up', 'y'.repeat(500), 'u.bin') + part('b', 'x'.repeat(40)) + '--B--';
    expect((await parses(fits)).files.up).toBe('y'.repeat(500));
  });

  test('a part without Content-Disposition: form-data and a name is 400', async () => {
    const cases: Array<[string, RegExp]> = [
      ['--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--', /without Content-Disposition: form-data/],
      ['--B\r\n\r\nx\r\n--B--', /without Content-Disposition: form-data/],
      ['--B\r\nContent-Disposition: attachment; name="a"\r\n\r\nx\r\n--B--', /without Content-Disposition: form-data/],
      ['--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--', /without a name/],
      ['--B\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nx\r\n--B--', /without a name/],
      ['--B\r\nContent-Disposition: form-data; filename="x; name=evil"\r\n\r\nx\r\n--B--', /without a name/],
      ['--B\r\nContent-Disposition form-data; name="a"\r\n\r\nx\r\n--B--', /header without a colon/],
    ];
    for (const [body, message] of cases) expect(await rejects(part('ok', 'v', 'ok.txt') + body, BadRequest, 400)).toMatch(message);
  });

  test('parameters are read in order: a quoted ";" or "name=" is part of a value', async () => {
    const body =
      '--B\r\nContent-Disposition: form-data; filename="x; name=evil.txt"; name="real"\r\n\r\nfile\r\n' +
      '--B\r\nContent-Disposition: form-data; name="a; filename=\\"b\\""\r\n\r\nfield\r\n--B--';
    const { fields, files } = await parseMultipart([Buffer.from(body)], 'B', strict);
    expect(fields.toJSON()).toEqual({ 'a; filename="b"': ['field'] });
    expect(files.get('real')!.name).toBe('x; name=evil.txt');
  });

  test('a temporary file is written 0600 and removed on cleanup', async () => {
    const { files } = await parseMultipart(split(part('up', 'q'.repeat(1000), 'u.bin') + '--B--', 100), 'B', strict);
    const file = files.get('up')!;
    expect(file.inMemory).toBe(false);
    expect(fs.statSync(file.tempPath!).mode & 0o777).toBe(0o600);
    expect(await file.text()).toBe('q'.repeat(1000));
    await file.cleanup();
    expect(fs.readdirSync(tempDir)).toEqual([]);
  });
});
