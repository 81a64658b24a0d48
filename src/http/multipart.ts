// A streaming multipart/form-data parser (RFC 7578): it never holds more than a
// chunk and a delimiter's worth of the body, keeps small fields in memory
// (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE), and spills files above
// FILE_UPLOAD_MAX_MEMORY_SIZE to temporary files. Malformed input is a
// BadRequest (400); too many fields or files a 400; too much field data a 413.
//
// Two halves, joined here: the boundary scanner (multipart-boundary-scanner.ts)
// finds the delimiters across chunk seams and says where parts start and end; the
// part sink (multipart-part-sink.ts) turns those parts into fields and files under
// the limits. This loop only passes one's findings to the other, awaiting the disk
// when the sink asks for it.
import { malformedMultipart } from './errors';
import { BoundaryScanner, Token } from './multipart-boundary-scanner';
import { PartSink } from './multipart-part-sink';
import type { QueryDict } from './query-dict';
import type { FileDict } from './uploaded-file';

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

export async function parseMultipart(body: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, boundary: string, limits: MultipartLimits): Promise<MultipartResult> {
  const scanner = new BoundaryScanner(boundary, limits.maxPartHeaderBytes ?? 16 * 1024);
  const sink = new PartSink(limits);
  try {
    for await (const raw of body) {
      scanner.push(typeof raw === 'string' ? Buffer.from(raw) : raw);
      for (let token = scanner.next(); token !== Token.More; token = scanner.next()) {
        // Only the disk makes the sink return a promise: a part in memory awaits nothing.
        let wait: Promise<void> | undefined;
        if (token === Token.Data) wait = sink.write(scanner.data);
        else if (token === Token.PartEnd) wait = sink.end(scanner.data);
        else sink.start(scanner.head);
        if (wait) await wait;
      }
    }
    if (!scanner.complete) malformedMultipart('the body ended before the closing boundary');
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return { fields: sink.fields, files: sink.files };
}
