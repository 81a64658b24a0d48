// The forms layer's errors. A value that does not clean is the ORM's ValidationError
// (one class for model and form validation, as in Django); what is here is a
// program's misuse of a form, which no user input can cause.
import { HyperError, type HyperErrorOptions } from '../core/errors';

export { ValidationError } from '../orm/errors';

/**
 * A form used out of order or declared wrongly: cleanedData read before isValid(),
 * a choice field rendered before its choices were loaded, save() of an invalid
 * ModelForm. The message says which call to make first.
 */
export class FormError extends HyperError {
  constructor(code: string, message: string, options?: HyperErrorOptions) {
    super(options?.code ?? code, message, options);
  }
}
