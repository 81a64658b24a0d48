// Finds where in a user's own files an error was raised, so a one-line message can
// say file:line without printing the stack.
import * as path from 'node:path';
import type { SourceLocation } from './errors';
import { frameworkRoot } from './framework-root';

// Anchored at "at " or "(", so that "node:internal/main:1:1" is not read as "/main".
const FRAME = /(?:^at |\()((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/;

function isUserFile(file: string): boolean {
  if (file.includes(`${path.sep}node_modules${path.sep}`)) return false;
  const root = frameworkRoot();
  return !['src', 'dist', 'commands', 'bin'].some((dir) => file.startsWith(path.join(root, dir) + path.sep));
}

/**
 * The innermost stack frame that lies in user code (not node internals, packages or
 * the framework): where the user's own code threw, even inside a helper it imported.
 */
export function userFrame(error: unknown): SourceLocation | undefined {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const frames: SourceLocation[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (match && isUserFile(match[1])) frames.push({ file: match[1], line: Number(match[2]), column: Number(match[3]) });
  }
  return frames[0];
}
