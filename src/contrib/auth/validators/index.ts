// src/contrib/auth/validators: AUTH_PASSWORD_VALIDATORS, Django's four validators
// (with the shipped list of common passwords) and validatePassword().
import { settings } from '../../../conf/settings';
import { ImproperlyConfigured } from '../../../core/errors';
import { cachedInstances, loadClass, type Constructor } from '../load-entry';
import {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  PasswordValidationError,
  UserAttributeSimilarityValidator,
  type PasswordValidator,
} from './validators';

export * from './validators';
export { quickRatio } from './similarity';

const BUILTIN: Record<string, Constructor<PasswordValidator>> = {
  MinimumLengthValidator,
  UserAttributeSimilarityValidator,
  CommonPasswordValidator,
  NumericPasswordValidator,
};

/** Django's OPTIONS keys are snake_case (min_length); ours are camelCase. Both are accepted. */
function camelKeys(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
}

/** Validators from a list of { NAME, OPTIONS } entries (AUTH_PASSWORD_VALIDATORS by default). */
export function getPasswordValidators(entries: ReadonlyArray<{ NAME: unknown; OPTIONS?: Record<string, unknown> }>): PasswordValidator[] {
  return entries.map((entry) => {
    const Validator = loadClass(entry.NAME, BUILTIN, 'AUTH_PASSWORD_VALIDATORS') as unknown as new (options: Record<string, unknown>) => PasswordValidator;
    const validator = new Validator(camelKeys(entry.OPTIONS ?? {}));
    if (typeof validator.validate !== 'function') throw new ImproperlyConfigured(`AUTH_PASSWORD_VALIDATORS: ${String(entry.NAME)} has no validate() method.`, { code: 'HYPER_AUTH_INVALID_VALIDATOR' });
    return validator;
  });
}

const defaultValidators = cachedInstances(
  () => settings.AUTH_PASSWORD_VALIDATORS,
  (entry) => getPasswordValidators([entry as { NAME: unknown; OPTIONS?: Record<string, unknown> }])[0],
);

/** Runs every validator; throws one PasswordValidationError with all their messages. */
export async function validatePassword(password: string, user?: unknown, validators: PasswordValidator[] = defaultValidators()): Promise<void> {
  const messages: string[] = [];
  const codes: string[] = [];
  for (const validator of validators) {
    try {
      await validator.validate(password, user);
    } catch (error) {
      if (!(error instanceof PasswordValidationError)) throw error;
      messages.push(...error.messages);
      codes.push(...error.codes);
    }
  }
  if (messages.length) throw new PasswordValidationError(messages, codes);
}

/** Tells each validator that the password changed. */
export async function passwordChanged(password: string, user?: unknown, validators: PasswordValidator[] = defaultValidators()): Promise<void> {
  for (const validator of validators) await validator.passwordChanged?.(password, user);
}

/** What each validator asks of a password, for forms and prompts. */
export function passwordValidatorsHelpTexts(validators: PasswordValidator[] = defaultValidators()): string[] {
  return validators.map((validator) => validator.getHelpText());
}
