// The streaming multipart parser: every way of splitting a body into chunks gives
// the same result, and random corruption gives a clean 400/413 or a result, never
// another kind of error.
import * as crypto from 'node:crypto';
import { BadRequest, SuspiciousOperation, parseMultipart } from '../../src/http';
import { encodeMultipart } from '../../src/test-client';

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

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
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
