import * as path from 'node:path';

/** A path as a user wants to read it: relative to the working folder when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return relative && !outside ? relative : file;
}
