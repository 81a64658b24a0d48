// The meaning half of the multipart parser: turns the parts the boundary scanner
// finds into form fields and uploaded files, under the upload limits. Fields stay
// in memory (their total bounded by DATA_UPLOAD_MAX_MEMORY_SIZE); a file stays in
// memory up to FILE_UPLOAD_MAX_MEMORY_SIZE and is then spilled to a 0600 temporary
// file. Whatever fails, abort() leaves no temporary file behind.
//
// A part's bytes are kept as the scanner's views into the body's chunks until the
// part ends, then copied once (a field decoded, an in-memory file concatenated).
// Methods return a promise only when the disk must be waited for, so a part in
// memory costs no promise at all.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent } from './errors';
import type { MultipartLimits } from './multipart';
import { parsePartHead } from './multipart-part-headers';
import { QueryDict } from './query-dict';
import { FileDict, UploadedFile, safeFileName } from './uploaded-file';

/** The part being received. */
interface Part {
  name: string;
  /** null for a form field. */
  file: UploadedFile | null;
  /** Its bytes so far, while it is in memory. */
  chunks: Buffer[];
  /** Its temporary file, once it spilled. */
  out: fs.WriteStream | null;
  /** A write error of `out`, kept until the part is awaited (an unheard 'error' would crash the process). */
  failure: Error | null;
}

// Bytes a temporary file's stream queues before the parser waits: the queued chunks
// go out in one writev, where the default 16 KiB would wait on the disk per chunk.
const SPILL_QUEUE = 1024 * 1024;

export class PartSink {
  readonly fields = new QueryDict();
  readonly files = new FileDict();
  private part: Part | null = null;
  private fieldBytes = 0;
  private fieldCount = 0;
  private fileCount = 0;

  constructor(private readonly limits: MultipartLimits) {}

  /** A part begins with this header block; a 400 when it breaks the field or file count. */
  start(head: string): void {
    const { name, fileName, contentType } = parsePartHead(head);
    const limits = this.limits;
    if (fileName === null) {
      if (limits.maxFields !== null && ++this.fieldCount > limits.maxFields) {
        throw new TooManyFieldsSent(`The number of form fields exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS (${limits.maxFields}).`);
      }
      this.part = { name, file: null, chunks: [], out: null, failure: null };
      return;
    }
    if (limits.maxFiles !== null && ++this.fileCount > limits.maxFiles) {
      throw new TooManyFilesSent(`The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES (${limits.maxFiles}).`);
    }
    this.part = { name, file: new UploadedFile(name, safeFileName(fileName), contentType), chunks: [], out: null, failure: null };
  }

  /** Body bytes of the current part; a promise only when its temporary file must drain. */
  write(data: Buffer): Promise<void> | undefined {
    const part = this.part!;
    const file = part.file;
    if (!file) {
      this.fieldBytes += data.length;
      if (this.limits.maxFieldBytes !== null && this.fieldBytes > this.limits.maxFieldBytes) {
        throw new RequestDataTooBig(`Form field data exceeded DATA_UPLOAD_MAX_MEMORY_SIZE (${this.limits.maxFieldBytes} bytes).`);
      }
      part.chunks.push(data);
      return;
    }
    file.size += data.length;
    if (!part.out && file.size > this.limits.fileMemorySize) this.spill(part, file);
    if (!part.out) {
      part.chunks.push(data);
      return;
    }
    if (part.failure) throw part.failure;
    if (!part.out.write(data)) return drained(part.out);
  }

  /** The current part's last bytes, then its end; a promise only when the disk must be waited for. */
  end(last: Buffer): Promise<void> | undefined {
    const wait = last.length > 0 ? this.write(last) : undefined;
    if (wait) return wait.then(() => this.finish());
    return this.finish();
  }

  /** Removes every temporary file written so far: the parse failed or was abandoned. */
  async abort(): Promise<void> {
    const open = this.part;
    this.part = null;
    const out = open?.out;
    // Removed only once closed: a stream still opening would create the file after the removal.
    if (out && !out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    if (open?.file) await open.file.cleanup();
    for (const file of this.files.all()) await file.cleanup();
  }

  private finish(): Promise<void> | undefined {
    const done = this.part!;
    this.part = null;
    if (!done.file) {
      const chunks = done.chunks;
      this.fields.append(done.name, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      return;
    }
    if (done.out) return this.closeSpilled(done, done.out, done.file);
    // One copy, so the file does not keep the request's chunks alive.
    done.file.buffer = Buffer.concat(done.chunks);
    this.files.append(done.file);
  }

  /** Moves an in-memory file that outgrew FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file. */
  private spill(part: Part, file: UploadedFile): void {
    const dir = this.limits.tempDir ?? os.tmpdir();
    file.tempPath = path.join(dir, `hyper-upload-${crypto.randomBytes(12).toString('hex')}`);
    const out = fs.createWriteStream(file.tempPath, { flags: 'wx', mode: 0o600, highWaterMark: SPILL_QUEUE });
    out.on('error', (error) => (part.failure ??= error));
    for (const chunk of part.chunks) out.write(chunk);
    part.chunks = [];
    part.out = out;
  }

  private async closeSpilled(done: Part, out: fs.WriteStream, file: UploadedFile): Promise<void> {
    try {
      if (!done.failure) await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(resolve);
      });
      if (done.failure) throw done.failure;
    } catch (error) {
      // The part is no longer the open one, so abort() would miss its file.
      await file.cleanup();
      throw error;
    }
    this.files.append(file);
  }
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
