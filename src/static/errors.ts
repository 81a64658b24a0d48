// The static layer's error catalogue.
import { HyperError, type HyperErrorOptions } from '../core/errors';

/** A static path has no manifest entry, or a file refers to a static file that does not exist. */
export class MissingStaticFile extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_STATIC_MISSING', message, options);
  }
}

/** collectstatic cannot go on: files refer to each other in a circle, a bundle fails to build. */
export class StaticFilesError extends HyperError {
  constructor(message: string, options?: HyperErrorOptions) {
    super(options?.code ?? 'HYPER_STATIC_ERROR', message, options);
  }
}
