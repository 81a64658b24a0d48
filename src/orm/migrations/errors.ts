import { HyperError } from '../../core/errors';

/** A problem with the migration files or their history: one line, what and where. */
export class MigrationError extends HyperError {
  constructor(message: string) {
    super('HYPER_MIGRATION', message);
  }
}
