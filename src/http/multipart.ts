// A streaming multipart/form-data parser (RFC 7578): it never holds more than a
// chunk and a delimiter's worth of the body, keeps small fields in memory
// (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE), and spills files above
// FILE_UPLOAD_MAX_MEMORY_SIZE to temporary files. Malformed input is a
// BadRequest (400); too many fields or files a 400; too much field data a 413.
//
// The boundary search is Buffer.indexOf (Node's C++ search) over each chunk where it
// arrived: a chunk is never copied behind the previous one's tail; only the few
// bytes that could start a delimiter split across chunks are carried and searched
// together with the start of the next chunk. Parts keep views into the chunks
// (sources hand over chunks they no longer write to, as streams do), copied once
// when a part ends (a field decoded, an in-memory file concatenated).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent } from './errors';
import { QueryDict } from './query-dict';
import { FileDict, UploadedFile, safeFileName } from './uploaded-file';

export interface MultipartLimits {
  maxFields: number | null;
  maxFiles: number | null;
  /** Total bytes of non-file fields. */
  maxFieldBytes: number | null;
  /** Files up to this size stay in memory. */
  fileMemorySize: number;
  tempDir: string | null;
  /** Bytes of one part's headers. */
  maxPartHeaderBytes?: number;
}

export interface MultipartResult {
  fields: QueryDict;
  files: FileDict;
}

export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

const enum State {
  Preamble,
  AfterBoundary,
  Headers,
  Body,
  Done,
}

interface Part {
  name: string;
  file: UploadedFile | null;
  chunks: Buffer[];
  out: fs.WriteStream | null;
  /** A write error of `out`, kept until the part is awaited (an unheard 'error' would crash the process). */
  failure: Error | null;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_PREAMBLE = 64 * 1024;
// Bytes a temporary file's stream queues before the parser waits: the queued chunks
// go out in one writev, where the default 16 KiB would wait on the disk per chunk.
const SPILL_QUEUE = 1024 * 1024;

export async function parseMultipart(body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, boundary: string, limits: MultipartLimits): Promise<MultipartResult> {
  const fields = new QueryDict();
  const files = new FileDict();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The most bytes of a delimiter that can hide at the end of a chunk.
  const lookbehind = delimiter.length - 1;
  const maxHeader = limits.maxPartHeaderBytes ?? 16 * 1024;
  let state = State.Preamble as State; // widened: the closures below change it
  let part: Part | null = null;
  let preambleBytes = 0;
  let fieldBytes = 0;
  let fieldCount = 0;
  let fileCount = 0;

  const fail = (message: string): never => {
    throw new BadRequest(`Malformed multipart body: ${message}.`);
  };

  /** Body bytes of the current part (preamble bytes are counted and dropped); a promise only when a file's disk write must drain. */
  const emit = (data: Buffer): Promise<void> | undefined => {
    if (data.length === 0) return;
    if (!part) {
      preambleBytes += data.length;
      if (preambleBytes > MAX_PREAMBLE) fail('no boundary in the first 64 KiB');
      return;
    }
    if (!part.file) {
      fieldBytes += data.length;
      if (limits.maxFieldBytes !== null && fieldBytes > limits.maxFieldBytes) {
        throw new RequestDataTooBig(`Form field data exceeded DATA_UPLOAD_MAX_MEMORY_SIZE (${limits.maxFieldBytes} bytes).`);
      }
      part.chunks.push(data);
      return;
    }
    const file = part.file;
    file.size += data.length;
    if (!part.out && file.size > limits.fileMemorySize) spill(part, file);
    if (!part.out) {
      part.chunks.push(data);
      return;
    }
    if (part.failure) throw part.failure;
    if (!part.out.write(data)) return drained(part.out);
  };

  const spill = (open: Part, file: UploadedFile): void => {
    const dir = limits.tempDir ?? os.tmpdir();
    file.tempPath = path.join(dir, `hyper-upload-${crypto.randomBytes(12).toString('hex')}`);
    const out = fs.createWriteStream(file.tempPath, { flags: 'wx', mode: 0o600, highWaterMark: SPILL_QUEUE });
    out.on('error', (error) => (open.failure ??= error));
    for (const chunk of open.chunks) out.write(chunk);
    open.chunks = [];
    open.out = out;
  };

  /** Ends the current part; a promise only when its temporary file must be closed. */
  const finishPart = (): Promise<void> | undefined => {
    if (!part) return;
    const done = part;
    part = null;
    if (!done.file) {
      const chunks = done.chunks;
      fields.append(done.name, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      return;
    }
    if (done.out) return closeSpilled(done, files);
    // One copy, so the file does not keep the request's chunks alive.
    done.file.buffer = Buffer.concat(done.chunks);
    files.append(done.file);
  };

  const startPart = (head: string): void => {
    let disposition = '';
    let type = 'application/octet-stream';
    for (let start = 0; start < head.length; ) {
      let end = head.indexOf('\r\n', start);
      if (end < 0) end = head.length;
      const colon = head.indexOf(':', start);
      if (colon <= start || colon > end) fail('a part header without a colon');
      // Sticky matches at the line's start: no lower-cased copy of every header name.
      if (matchesAt(DISPOSITION_HEADER, head, start)) disposition = head.slice(colon + 1, end).trim();
      else if (matchesAt(TYPE_HEADER, head, start)) type = head.slice(colon + 1, end).trim();
      start = end + 2;
    }
    if (!FORM_DATA.test(disposition)) fail('a part without Content-Disposition: form-data');
    const params = dispositionParams(disposition);
    const name = params.name;
    if (name === undefined) fail('a part without a name');
    const fileName = extendedValue(params.extendedFilename) ?? params.filename ?? null;
    if (fileName === null) {
      if (limits.maxFields !== null && ++fieldCount > limits.maxFields) {
        throw new TooManyFieldsSent(`The number of form fields exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${limits.maxFields}).`);
      }
      part = { name: name!, file: null, chunks: [], out: null, failure: null };
      return;
    }
    if (limits.maxFiles !== null && ++fileCount > limits.maxFiles) {
      throw new TooManyFilesSent(`The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES (${limits.maxFiles}).`);
    }
    part = { name: name!, file: new UploadedFile(name!, safeFileName(fileName), type), chunks: [], out: null, failure: null };
  };

  /**
   * The current part's last bytes, found before a delimiter: the part ends and a
   * boundary's tail comes next. A promise only when the disk must be waited for,
   * so a part costs none otherwise.
   */
  const endPartWith = (data: Buffer): Promise<void> | undefined => {
    const wait = emit(data);
    if (wait) return wait.then(endPart);
    return endPart();
  };
  const endPart = (): Promise<void> | undefined => {
    state = State.AfterBoundary;
    return finishPart();
  };

  /**
   * Parses `buf` from `pos` as far as it can; returns where it stopped (the bytes
   * from there on are carried to the next chunk).
   */
  const consume = async (buf: Buffer, pos: number): Promise<number> => {
    for (;;) {
      if (state === State.Preamble || state === State.Body) {
        const at = buf.indexOf(delimiter, pos);
        if (at < 0) {
          // Carry only what could start a delimiter: from a CR within the last bytes.
          const cr = buf.indexOf(0x0d, Math.max(pos, buf.length - lookbehind));
          const keep = cr < 0 ? buf.length : cr;
          const wait = emit(buf.subarray(pos, keep));
          if (wait) await wait;
          return keep;
        }
        const wait = endPartWith(buf.subarray(pos, at));
        if (wait) await wait;
        pos = at + delimiter.length;
      } else if (state === State.AfterBoundary) {
        if (buf.length - pos < 2) return pos;
        if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) {
          state = State.Done;
          return buf.length; // the epilogue is ignored
        }
        // Transport padding (spaces, tabs) may follow a boundary.
        let p = pos;
        while (p < buf.length && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
        if (buf.length - p < 2) {
          if (p - pos > maxHeader) fail('part headers too large');
          return pos;
        }
        if (buf[p] !== 0x0d || buf[p + 1] !== 0x0a) fail('a boundary not followed by CRLF');
        pos = p + 2;
        state = State.Headers;
      } else if (state === State.Headers) {
        let end: number;
        if (buf.length - pos >= 2 && buf[pos] === 0x0d && buf[pos + 1] === 0x0a) {
          end = pos - 2; // no headers at all: the blank line comes first
        } else {
          end = buf.indexOf(HEADERS_END, pos);
          if (end < 0) {
            if (buf.length - pos > maxHeader) fail('part headers too large');
            return pos;
          }
          if (end - pos > maxHeader) fail('part headers too large');
        }
        // UTF-8 as browsers send non-ASCII names (RFC 7578 section 5.1).
        startPart(end > pos ? buf.toString('utf8', pos, end) : '');
        pos = end + 4;
        state = State.Body;
      } else {
        return buf.length;
      }
    }
  };

  // The CRLF that starts the delimiter is implied before the first boundary.
  let carry: Buffer | null = CRLF;
  try {
    for await (const raw of body) {
      let buf = typeof raw === 'string' ? Buffer.from(raw) : raw;
      if (buf.length === 0) continue;
      let pos = 0;
      if (carry) {
        if ((state === State.Body || state === State.Preamble) && buf.length >= lookbehind) {
          // A delimiter that starts in the carried tail ends within the chunk's first
          // `lookbehind` bytes: search that seam rather than copying the chunk.
          const seam = Buffer.concat([carry, buf.subarray(0, lookbehind)]);
          const at = seam.indexOf(delimiter);
          const wait = at < 0 ? emit(carry) : endPartWith(carry.subarray(0, at));
          if (wait) await wait;
          if (at >= 0) pos = at + delimiter.length - carry.length;
        } else {
          buf = Buffer.concat([carry, buf]);
        }
        carry = null;
      }
      pos = await consume(buf, pos);
      if (pos < buf.length) carry = buf.subarray(pos);
    }
    if (state !== State.Done) fail('the body ended before the closing boundary');
  } catch (error) {
    await cleanupAll(part, files);
    throw error;
  }
  return { fields, files };
}

async function closeSpilled(done: Part, files: FileDict): Promise<void> {
  const out = done.out!;
  try {
    if (!done.failure) await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(resolve);
    });
    if (done.failure) throw done.failure;
  } catch (error) {
    // The part is no longer the open one, so the parser's cleanup would miss its file.
    await done.file!.cleanup();
    throw error;
  }
  files.append(done.file!);
}

/** Waits for a temporary file's stream to take more, or fails with its error. */
function drained(out: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      out.off('drain', onDrain);
      reject(error);
    };
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

async function cleanupAll(open: Part | null, files: FileDict): Promise<void> {
  const out = open?.out;
  // Removed only once closed: a stream still opening would create the file after the removal.
  if (out && !out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
  if (open?.file) await open.file.cleanup();
  for (const file of files.all()) await file.cleanup();
}

const DISPOSITION_HEADER = /[ \t]*content-disposition[ \t]*:/iy;
const TYPE_HEADER = /[ \t]*content-type[ \t]*:/iy;
const FORM_DATA = /^form-data\b/i;

function matchesAt(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

interface DispositionParams {
  name?: string;
  filename?: string;
  /** filename* (RFC 5987: charset'language'percent-encoded). */
  extendedFilename?: string;
}

/**
 * The parameters after `form-data`, read left to right (RFC 6266 syntax): a value is
 * a token or a quoted string with backslash escapes, so a ';' or 'name=' inside a
 * quoted file name is never taken for a parameter. The first of each name counts.
 */
function dispositionParams(value: string): DispositionParams {
  const params: DispositionParams = {};
  // Each search resumes where the last one's answer still lies ahead: linear in the header.
  let eq = -1;
  let i = value.indexOf(';');
  while (i >= 0) {
    i++; // past ';'
    if (eq < i) eq = value.indexOf('=', i);
    if (eq < 0) break;
    const semi = value.indexOf(';', i);
    if (semi >= 0 && semi < eq) {
      i = semi; // a parameter without a value
      continue;
    }
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (value.charCodeAt(j) === 0x20 || value.charCodeAt(j) === 0x09) j++;
    let text: string;
    if (value.charCodeAt(j) === 0x22) {
      // Quoted string: up to the first unescaped quote (or the end, if unterminated).
      text = '';
      let k = j + 1;
      let quote = value.indexOf('"', k);
      for (let slash = value.indexOf('\\', k); slash >= 0 && (quote < 0 || slash < quote); slash = value.indexOf('\\', k)) {
        text += value.slice(k, slash) + value.charAt(slash + 1);
        k = slash + 2;
        if (quote >= 0 && quote < k) quote = value.indexOf('"', k);
      }
      const close = quote < 0 ? value.length : quote;
      text += value.slice(k, close);
      i = value.indexOf(';', close);
    } else {
      i = value.indexOf(';', j);
      text = value.slice(j, i < 0 ? value.length : i).trim();
    }
    if (key === 'name') params.name ??= text;
    else if (key === 'filename') params.filename ??= text;
    else if (key === 'filename*') params.extendedFilename ??= text;
  }
  return params;
}

function extendedValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const m = /^[^']*'[^']*'(.*)$/.exec(value);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
