// Production serving: STATIC_ROOT answered by the server itself, before the
// route table and middleware. The native server gets the in-memory answers and
// sends them without calling JS; serve() is the JS twin (node:http adapter, and
// whatever the native table leaves over: ranges, odd headers, large files).
import type { ServerRequest, ServerResponse } from '../../server/contract';
import type { NativeStaticEntry, NativeStaticRepresentation, StaticMount } from '../../server/static-mount';
import { type StaticAnswer, answerHeaders, answerStatic, notModifiedHeaders } from './responder';
import { urlPathFor } from './safe-path';
import type { Representation, ServedFile } from './static-file';
import type { StaticFileTable } from './file-table';

const NOT_FOUND = { 'content-type': 'text/plain; charset=utf-8' };

/** Writes a responder's answer to the server (a memory body in one write, else the file). */
export function sendAnswer(answer: StaticAnswer, res: ServerResponse): void | Promise<void> {
  const rep = answer.representation;
  if (!rep) return res.send(answer.status, answer.headers, answer.status === 405 ? 'Method Not Allowed' : undefined);
  if (rep.body) {
    const whole = answer.start === 0 && answer.end === rep.body.length - 1;
    return res.send(answer.status, answer.headers, whole ? rep.body : rep.body.subarray(answer.start, answer.end + 1));
  }
  return res.sendFile(answer.status, answer.headers, rep.file, { start: answer.start, end: answer.end });
}

export interface StaticFilesMountOptions {
  /** Told why a path was refused (traversal and the like); `hyper serve -v 2` prints it. */
  onRefused?: (path: string, reason: string) => void;
  /** Hand the in-memory answers to the native server (default true). */
  native?: boolean;
}

export class StaticFilesMount implements StaticMount {
  readonly prefix: string;
  private readonly onRefused: StaticFilesMountOptions['onRefused'];
  readonly nativeEntries: StaticMount['nativeEntries'];

  constructor(
    private readonly root: StaticFileTable,
    options: StaticFilesMountOptions = {},
  ) {
    this.prefix = root.prefix;
    this.onRefused = options.onRefused;
    this.nativeEntries = options.native === false ? undefined : () => this.tableEntries();
  }

  serve(req: ServerRequest, res: ServerResponse): void | Promise<void> {
    const found = this.root.lookup(req.path);
    if (!found.file) {
      if (found.refused) this.onRefused?.(req.path, found.refused);
      return res.send(404, NOT_FOUND, 'Not Found');
    }
    const headers = req.headers;
    return sendAnswer(answerStatic(found.file, { method: req.method, header: (name) => headers[name] }), res);
  }

  private tableEntries(): NativeStaticEntry[] {
    const out: NativeStaticEntry[] = [];
    for (const file of this.root.files.values()) {
      const reps = [file.identity, file.br, file.gzip];
      // Only whole in-memory files; the rest (and every variant of them) stays with serve().
      if (reps.some((rep) => rep && !rep.body)) continue;
      out.push({ path: urlPathFor(this.prefix, file.relPath), identity: native(file, file.identity), br: file.br && native(file, file.br), gzip: file.gzip && native(file, file.gzip) });
    }
    return out;
  }
}

function native(file: ServedFile, rep: Representation): NativeStaticRepresentation {
  const headers = answerHeaders(file, rep);
  return { etag: rep.etag, headers, notModifiedHeaders: notModifiedHeaders(headers), body: rep.body as Buffer };
}
