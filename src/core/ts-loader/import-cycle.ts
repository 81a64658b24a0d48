// Names a circular import. When a.ts imports b.ts and b.ts, while a.ts is still
// loading, reads a class or const of a.ts at its top level, Node reports only
// "Cannot access 'X' before initialization" at a generated export getter of a.ts
// (line 1:1). The hook keeps the chain of modules being loaded, so that error can
// say which modules form the cycle and where the early read is.
import * as path from 'node:path';
import { displayPath } from '../display-path';
import { UserCodeError } from '../errors';

const loading: string[] = [];

/** Runs `load` (the compile of `file`) with `file` on the stack of modules being loaded. */
export function loadingModule<T>(file: string, load: () => T): T {
  loading.push(file);
  try {
    return load();
  } catch (error) {
    throw circularImportError(error, file) ?? error;
  } finally {
    loading.pop();
  }
}

const TDZ = /^Cannot access '([^']+)' before initialization$/;
const FRAME = /(?:^at |\()((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/;

/**
 * A UserCodeError naming the cycle when `error` is a read of a binding of a module
 * that is still loading further up the stack; null for any other error.
 */
function circularImportError(error: unknown, file: string): UserCodeError | null {
  if (!(error instanceof ReferenceError)) return null;
  const name = TDZ.exec(error.message)?.[1];
  if (name === undefined) return null;
  const frames = (error.stack ?? '').split('\n').slice(1).flatMap((line) => {
    const match = FRAME.exec(line.trim());
    return match ? [{ file: match[1], line: Number(match[2]), column: Number(match[3]) }] : [];
  });
  // The binding lives in the module of the first frame (its export getter); the read
  // is in the loading module's own frame.
  const owner = frames[0]?.file;
  const read = frames.find((frame) => frame.file === file);
  const from = owner === undefined ? -1 : loading.indexOf(owner);
  if (from === -1 || owner === file || !read) return null;
  const cycle = [...loading.slice(from), owner].map(shortName).join(' -> ');
  return new UserCodeError(
    'HYPER_CIRCULAR_IMPORT',
    `${displayPath(read.file)}:${read.line}:${read.column}: circular import: ${cycle}. '${name}' is read from ${shortName(owner)} before that module has finished loading. ` +
      `Read it later (inside a function, or a lazy reference such as ForeignKey(() => ${name})), or move what both modules need into a third one.`,
    read,
    { cause: error },
  );
}

function shortName(file: string): string {
  return displayPath(file).split(path.sep).join('/');
}
