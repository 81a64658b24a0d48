import { HyperError, UserCodeError } from './errors';
import { displayPath } from './display-path';
import { userFrame } from './user-frame';

/**
 * Requires one of the user's files. Anything it throws while loading becomes a
 * UserCodeError whose one-line message starts with file:line:col; the original
 * error stays as `cause` for --traceback.
 */
export function loadUserModule(file: string): unknown {
  try {
    return require(file);
  } catch (error) {
    throw asUserCodeError(error, file);
  }
}

export function asUserCodeError(error: unknown, file: string): unknown {
  if (error instanceof HyperError) return error;
  const where = userFrame(error) ?? { file, line: 1, column: 1 };
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new UserCodeError(
    'HYPER_USER_CODE',
    `${displayPath(where.file)}:${where.line}:${where.column ?? 1}: ${name}: ${message}`,
    where,
    { cause: error },
  );
}
