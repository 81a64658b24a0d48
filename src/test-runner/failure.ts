// A test's failure as the runner prints it: the message, the line of the project's
// code where it happened (stack traces are source-mapped to .ts), and for assertion
// errors without a diff of their own the two values compared.
import * as path from 'node:path';
import { inspect } from 'node:util';
import { frameworkRoot } from '../core/framework-root';
import type { FailureDetail } from './events';

export function describeFailure(raw: unknown): FailureDetail {
  // node:test wraps what the test threw in an ERR_TEST_FAILURE; the cause is the real error.
  const wrapper = raw as { code?: string; cause?: unknown; failureType?: string } | undefined;
  const error = (wrapper?.code === 'ERR_TEST_FAILURE' && wrapper.cause !== undefined ? wrapper.cause : raw) as
    | { message?: string; stack?: string; name?: string; actual?: unknown; expected?: unknown; generatedMessage?: boolean; code?: string }
    | undefined;
  if (!error || typeof error !== 'object') return { message: String(error) };
  const message = error.message ?? String(error);
  const detail: FailureDetail = { message: error.name && error.name !== 'Error' && !message.startsWith(error.name) ? `${error.name}: ${message}` : message, stack: error.stack };
  detail.location = projectFrame(error.stack ?? '');
  // Node's own messages show the values; a custom message (or one of ours, which says it all) may not.
  const operator = (error as { operator?: string }).operator ?? '';
  if (error.code === 'ERR_ASSERTION' && 'expected' in error && error.generatedMessage === false && !operator.startsWith('assert')) {
    detail.actual = inspect(error.actual, { depth: 4 });
    detail.expected = inspect(error.expected, { depth: 4 });
  }
  return detail;
}

// The framework's own code: its frames are never where a test failed.
const FRAMEWORK_CODE = ['dist', 'src'].map((folder) => path.join(frameworkRoot(), folder) + path.sep);

/** The first stack frame in the project's own files (not node's, not a package's, not the framework's). */
function projectFrame(stack: string): FailureDetail['location'] {
  for (const match of stack.matchAll(/(?:\(|at )((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/gm)) {
    const file = match[1];
    if (file.includes(`${path.sep}node_modules${path.sep}`) || FRAMEWORK_CODE.some((folder) => file.startsWith(folder))) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

