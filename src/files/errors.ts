// The file storages' error catalogue (docs/errors.md, "Files").
import { HyperError, SuspiciousOperation, type HyperErrorOptions } from '../core/errors';

/**
 * A file name that could reach outside the storage ('..', an absolute path, NUL, a
 * backslash): refused before any file is touched. A SuspiciousOperation, so a view
 * that passes a client's name through answers 400, as Django's SuspiciousFileOperation.
 */
export class SuspiciousFileOperation extends SuspiciousOperation {
  constructor(message: string, options?: HyperErrorOptions) {
    super(message, options?.code ?? 'HYPER_FILES_SUSPICIOUS_NAME');
  }
}

/** open() or size() of a name the storage does not hold. */
export class StoredFileNotFound extends HyperError {
  readonly status = 404;
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_FILES_NOT_FOUND', message, options);
  }
}

/** A storage cannot do what was asked of it (no free name within maxLength, a failed write). */
export class StorageError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_FILES_STORAGE', message, options);
  }
}
