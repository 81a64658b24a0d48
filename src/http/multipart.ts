// A streaming multipart/form-data parser (RFC 7578): it never holds more than a
// chunk and a delimiter's worth of the body, keeps small fields in memory
// (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE), and spills files above
// FILE_UPLOAD_MAX_MEMORY_SIZE to temporary files. Malformed input is a
// BadRequest (400); too many fields or files a 400; too much field data a 413.
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
}

export async function parseMultipart(body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, boundary: string, limits: MultipartLimits): Promise<MultipartResult> {
  const fields = new QueryDict();
  const files = new FileDict();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const maxHeader = limits.maxPartHeaderBytes ?? 16 * 1024;
  let buf: Buffer = Buffer.from('\r\n'); // so the first boundary matches the delimiter
  let state = State.Preamble;
  let part: Part | null = null;
  let fieldBytes = 0;
  let fieldCount = 0;
  let fileCount = 0;

  const fail = (message: string): never => {
    throw new BadRequest(`Malformed multipart body: ${message}.`);
  };

  const write = async (data: Buffer): Promise<void> => {
    if (!part || data.length === 0) return;
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
    if (!part.out && file.size > limits.fileMemorySize) {
      const dir = limits.tempDir ?? os.tmpdir();
      file.tempPath = path.join(dir, `hyper-upload-${crypto.randomBytes(12).toString('hex')}`);
      part.out = fs.createWriteStream(file.tempPath, { flags: 'wx', mode: 0o600 });
      for (const chunk of part.chunks) part.out.write(chunk);
      part.chunks = [];
    }
    if (part.out) {
      if (!part.out.write(data)) await new Promise<void>((resolve, reject) => {
        part!.out!.once('drain', resolve);
        part!.out!.once('error', reject);
      });
    } else {
      // Copy: the chunk may be a view into a buffer we keep reusing.
      part.chunks.push(Buffer.from(data));
    }
  };

  const finishPart = async (): Promise<void> => {
    if (!part) return;
    const done = part;
    part = null;
    if (!done.file) {
      fields.append(done.name, Buffer.concat(done.chunks).toString('utf8'));
      return;
    }
    if (done.out) {
      const out = done.out;
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(resolve);
      });
    } else {
      done.file.buffer = Buffer.concat(done.chunks);
    }
    files.append(done.file);
  };

  const startPart = (head: string): void => {
    let disposition = '';
    let type = 'application/octet-stream';
    for (const line of head.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) fail('a part header without a colon');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-disposition') disposition = value;
      else if (name === 'content-type') type = value;
    }
    if (!/^form-data\b/i.test(disposition)) fail('a part without Content-Disposition: form-data');
    const name = param(disposition, 'name');
    if (name === null) fail('a part without a name');
    const fileName = extendedParam(disposition, 'filename') ?? param(disposition, 'filename');
    if (fileName === null) {
      if (limits.maxFields !== null && ++fieldCount > limits.maxFields) {
        throw new TooManyFieldsSent(`The number of form fields exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${limits.maxFields}).`);
      }
      part = { name: name!, file: null, chunks: [], out: null };
      return;
    }
    if (limits.maxFiles !== null && ++fileCount > limits.maxFiles) {
      throw new TooManyFilesSent(`The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES (${limits.maxFiles}).`);
    }
    part = { name: name!, file: new UploadedFile(name!, safeFileName(fileName), type), chunks: [], out: null };
  };

  const cleanupAll = async (): Promise<void> => {
    const open = part as Part | null;
    if (open?.out) open.out.destroy();
    if (open?.file) await open.file.cleanup();
    for (const file of files.all()) await file.cleanup();
  };

  try {
    for await (const raw of body) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let pos = 0;
      for (;;) {
        if (state === State.Preamble) {
          const at = buf.indexOf(delimiter, pos);
          if (at < 0) {
            if (buf.length - pos > 64 * 1024) fail('no boundary in the first 64 KiB');
            break;
          }
          pos = at + delimiter.length;
          state = State.AfterBoundary;
        } else if (state === State.AfterBoundary) {
          if (buf.length - pos < 2) break;
          if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) {
            state = State.Done;
            pos = buf.length; // the epilogue is ignored
            break;
          }
          // Transport padding (spaces, tabs) may follow a boundary.
          let p = pos;
          while (p < buf.length && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
          if (buf.length - p < 2) break;
          if (buf[p] !== 0x0d || buf[p + 1] !== 0x0a) fail('a boundary not followed by CRLF');
          pos = p + 2;
          state = State.Headers;
        } else if (state === State.Headers) {
          const end = buf.indexOf('\r\n\r\n', pos);
          if (end < 0) {
            if (buf.length - pos > maxHeader) fail('part headers too large');
            break;
          }
          if (end - pos > maxHeader) fail('part headers too large');
          startPart(buf.toString('latin1', pos, end).replace(/[\u0080-\u00ff]+/g, (s) => Buffer.from(s, 'latin1').toString('utf8')));
          pos = end + 4;
          state = State.Body;
        } else if (state === State.Body) {
          const at = buf.indexOf(delimiter, pos);
          if (at < 0) {
            // Keep what could be the start of a delimiter split across chunks.
            const keep = Math.max(pos, buf.length - delimiter.length + 1);
            await write(buf.subarray(pos, keep));
            pos = keep;
            break;
          }
          await write(buf.subarray(pos, at));
          await finishPart();
          pos = at + delimiter.length;
          state = State.AfterBoundary;
        } else {
          pos = buf.length;
          break;
        }
      }
      buf = pos >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    }
    if (state !== State.Done) fail('the body ended before the closing boundary');
  } catch (error) {
    await cleanupAll();
    throw error;
  }
  return { fields, files };
}

function param(header: string, name: string): string | null {
  const re = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

function extendedParam(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\*=([^']*)'[^']*'([^;\\s]*)`, 'i').exec(header);
  if (!m) return null;
  try {
    return decodeURIComponent(m[2]);
  } catch {
    return null;
  }
}
