// An uploaded file: in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, else in a
// temporary file that is removed when the request ends (move it to keep it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

export class UploadedFile {
  size = 0;
  /** Set while the file is held in memory. */
  buffer: Buffer | null = null;
  /** Set when the file spilled to disk. */
  tempPath: string | null = null;

  constructor(
    readonly fieldName: string,
    /** The client's file name reduced to a safe base name (no folders, no control characters). */
    readonly name: string,
    readonly contentType: string,
  ) {}

  get inMemory(): boolean {
    return this.tempPath === null;
  }

  async read(): Promise<Buffer> {
    if (this.buffer) return this.buffer;
    if (this.tempPath) return fs.promises.readFile(this.tempPath);
    return Buffer.alloc(0);
  }

  async text(): Promise<string> {
    return (await this.read()).toString('utf8');
  }

  stream(): Readable {
    if (this.tempPath) return fs.createReadStream(this.tempPath);
    return Readable.from(this.buffer ? [this.buffer] : []);
  }

  /** Moves (or writes) the file to `destination`; the temporary file is gone afterwards. */
  async moveTo(destination: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(destination), { recursive: true });
    if (this.tempPath) {
      try {
        await fs.promises.rename(this.tempPath, destination);
      } catch {
        await fs.promises.copyFile(this.tempPath, destination);
        await fs.promises.rm(this.tempPath, { force: true });
      }
      this.tempPath = null;
      this.buffer = null;
      return;
    }
    await fs.promises.writeFile(destination, this.buffer ?? Buffer.alloc(0));
  }

  /** Removes the temporary file, if any. */
  async cleanup(): Promise<void> {
    if (this.tempPath) await fs.promises.rm(this.tempPath, { force: true });
  }
}

export function safeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are stripped from an uploaded file's name
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean === '.' || clean === '..') return '';
  return clean.length > 255 ? clean.slice(clean.length - 255) : clean;
}

/** A QueryDict-like map of field name -> files. */
export class FileDict {
  private readonly map = new Map<string, UploadedFile[]>();

  append(file: UploadedFile): void {
    const list = this.map.get(file.fieldName);
    if (list) list.push(file);
    else this.map.set(file.fieldName, [file]);
  }

  get(name: string): UploadedFile | undefined {
    const list = this.map.get(name);
    return list ? list[list.length - 1] : undefined;
  }

  getList(name: string): UploadedFile[] {
    return [...(this.map.get(name) ?? [])];
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  get size(): number {
    return this.map.size;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  *all(): IterableIterator<UploadedFile> {
    for (const list of this.map.values()) yield* list;
  }
}
