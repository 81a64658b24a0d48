// The multipart boundary scanner on its own: wherever the chunks of a body are cut
// (a delimiter split at every offset, across two or three chunks, in pieces shorter
// than the delimiter), it finds the same parts as in the whole body, and it passes a
// part's bytes on as they arrive, holding back only what could start a delimiter.
import { BadRequest } from '../../src/http/errors';
import { BoundaryScanner, Token } from '../../src/http/multipart-boundary-scanner';

interface Scan {
  parts: Array<{ head: string; body: string }>;
  complete: boolean;
}

function scan(chunks: Buffer[], boundary: string, maxHeader = 1024): Scan {
  const scanner = new BoundaryScanner(boundary, maxHeader);
  const parts: Scan['parts'] = [];
  let open: { head: string; body: Buffer[] } | null = null;
  for (const chunk of chunks) {
    scanner.push(chunk);
    for (let token = scanner.next(); token !== Token.More; token = scanner.next()) {
      // Plain checks: expect() per token would cost more than the scans.
      if (token === Token.PartStart) {
        if (open) throw new Error('a part started inside another');
        open = { head: scanner.head, body: [] };
        continue;
      }
      if (!open) throw new Error('data outside a part');
      if (token === Token.Data && scanner.data.length === 0) throw new Error('empty data');
      open.body.push(Buffer.from(scanner.data));
      if (token === Token.PartEnd) {
        parts.push({ head: open.head, body: Buffer.concat(open.body).toString('latin1') });
        open = null;
      }
    }
  }
  return { parts, complete: scanner.complete };
}

const cut = (body: Buffer, ...at: number[]): Buffer[] => [0, ...at].map((start, i) => body.subarray(start, i < at.length ? at[i] : body.length));

const BOUNDARY = 'xYz-42';
const body = Buffer.from(
  [
    'a preamble line\r\n',
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\none\r\n`,
    // Data that looks like the delimiter without being it, and a CR just before the real one.
    `--${BOUNDARY} \t\r\nContent-Disposition: form-data; name="b"\r\n\r\n\r\n--${BOUNDARY.slice(0, -1)}\r\r\n--x\r\r\n`,
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="empty"\r\n\r\n\r\n`,
    `--${BOUNDARY}\r\n\r\nno headers\r\n`,
    `--${BOUNDARY}--\r\nepilogue with \r\n--${BOUNDARY}\r\n in it`,
  ].join(''),
  'latin1',
);
const whole = scan([body], BOUNDARY);

test('the whole body: its parts, in order, with their heads and bodies', () => {
  expect(whole).toEqual({
    complete: true,
    parts: [
      { head: 'Content-Disposition: form-data; name="a"', body: 'one' },
      { head: 'Content-Disposition: form-data; name="b"', body: `\r\n--${BOUNDARY.slice(0, -1)}\r\r\n--x\r` },
      { head: 'Content-Disposition: form-data; name="empty"', body: '' },
      { head: '', body: 'no headers' },
    ],
  });
});

test('a body cut in two at every offset scans the same', () => {
  for (let i = 1; i < body.length; i++) expect([i, scan(cut(body, i), BOUNDARY)]).toEqual([i, whole]);
});

test('a body cut in three, the middle piece up to a delimiter long, scans the same (a delimiter split every way across three chunks)', () => {
  const delimiterLength = BOUNDARY.length + 4;
  for (let i = 1; i < body.length; i++) {
    for (let j = i + 1; j < body.length && j - i <= delimiterLength; j++) {
      const got = scan(cut(body, i, j), BOUNDARY);
      if (JSON.stringify(got) !== JSON.stringify(whole)) expect([i, j, got]).toEqual([i, j, whole]);
    }
  }
});

test('a body in pieces of every size up to twice the delimiter scans the same', () => {
  for (let size = 1; size <= 2 * (BOUNDARY.length + 4); size++) {
    const chunks: Buffer[] = [];
    for (let pos = 0; pos < body.length; pos += size) chunks.push(body.subarray(pos, pos + size));
    expect([size, scan(chunks, BOUNDARY)]).toEqual([size, whole]);
  }
});

test("a part's bytes are passed on as they arrive: only a tail from a CR that could start the delimiter is held back", () => {
  const scanner = new BoundaryScanner(BOUNDARY, 1024);
  scanner.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"\r\n\r\n`));
  expect(scanner.next()).toBe(Token.PartStart);
  expect(scanner.next()).toBe(Token.More);
  scanner.push(Buffer.from('x'.repeat(1000)));
  expect(scanner.next()).toBe(Token.Data);
  expect(scanner.data.length).toBe(1000);
  expect(scanner.next()).toBe(Token.More);
  // "\r\n--xY" could be the start of the delimiter: held until the next chunk says.
  scanner.push(Buffer.from(`${'y'.repeat(500)}\r\n--xY`));
  expect(scanner.next()).toBe(Token.Data);
  expect(scanner.data.toString()).toBe('y'.repeat(500));
  expect(scanner.next()).toBe(Token.More);
  // It was not: the held bytes are data after all, ahead of the new chunk's.
  scanner.push(Buffer.from(`z and more${'!'.repeat(20)}`));
  expect(scanner.next()).toBe(Token.Data);
  expect(scanner.data.toString()).toBe('\r\n--xY');
  expect(scanner.next()).toBe(Token.Data);
  expect(scanner.data.toString()).toBe(`z and more${'!'.repeat(20)}`);
  // A CR earlier than the delimiter's length from the end cannot start one: nothing is held.
  scanner.push(Buffer.from(`a\r${'b'.repeat(20)}`));
  expect(scanner.next()).toBe(Token.Data);
  expect(scanner.data.length).toBe(22);
  expect(scanner.next()).toBe(Token.More);
  expect(scanner.complete).toBe(false);
});

test('a body cut anywhere before its closing delimiter is incomplete', () => {
  const end = body.indexOf(`--${BOUNDARY}--`) + BOUNDARY.length + 4;
  for (let i = 0; i < end; i++) expect([i, scan([body.subarray(0, i)], BOUNDARY).complete]).toEqual([i, false]);
  expect(scan([body.subarray(0, end)], BOUNDARY).complete).toBe(true);
});

test('a preamble is dropped but bounded: no boundary in the first 64 KiB is a 400, however it is chunked', () => {
  const preamble = Buffer.alloc(64 * 1024 + 1, 'p');
  for (const size of [1000, 64 * 1024, preamble.length]) {
    const chunks: Buffer[] = [];
    for (let pos = 0; pos < preamble.length; pos += size) chunks.push(preamble.subarray(pos, pos + size));
    expect(() => scan(chunks, BOUNDARY)).toThrow(BadRequest);
  }
  expect(scan([Buffer.alloc(64 * 1024 - 2, 'p'), Buffer.from(`\r\n--${BOUNDARY}--`)], BOUNDARY).complete).toBe(true);
});

test('a header block over the limit is a 400 even before it ends; padding after a boundary counts toward it', () => {
  const start = Buffer.from(`--${BOUNDARY}\r\n`);
  expect(() => scan([start, Buffer.alloc(101, 'h')], BOUNDARY, 100)).toThrow(/part headers too large/);
  expect(() => scan([Buffer.from(`--${BOUNDARY}${' '.repeat(101)}`)], BOUNDARY, 100)).toThrow(/part headers too large/);
  expect(scan([start, Buffer.from(`${'h'.repeat(40)}: v\r\n\r\nbody\r\n--${BOUNDARY}--`)], BOUNDARY, 100).parts).toEqual([{ head: `${'h'.repeat(40)}: v`, body: 'body' }]);
});
