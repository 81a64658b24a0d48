import { HyperError, type HyperErrorOptions } from '../../core/errors';

/** A problem with the migration files or their history: one line, what and where. */
export class MigrationError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_MIGRATION', message, options);
  }
}
