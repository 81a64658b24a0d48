// The password validators of AUTH_PASSWORD_VALIDATORS, with Django's messages and
// codes. Each throws PasswordValidationError; validatePassword() collects them all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ImproperlyConfigured } from '../../../core/errors';
import { ValidationError } from '../../../orm/errors';
import { exceedsMaximumLengthRatio, quickRatio } from './similarity';

/** A password AUTH_PASSWORD_VALIDATORS refuse; `codes` are Django's, one a message ('password_too_short'). */
export class PasswordValidationError extends ValidationError {
  constructor(
    readonly messages: string[],
    readonly codes: string[],
  ) {
    super({ __all__: messages }, { code: 'HYPER_AUTH_PASSWORD_REJECTED', errorCodes: { __all__: codes } });
  }
}

export interface PasswordValidator {
  validate(password: string, user?: unknown): void | Promise<void>;
  getHelpText(): string;
  /** Called after a password was changed (a validator that keeps a history would record it). */
  passwordChanged?(password: string, user?: unknown): void | Promise<void>;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export class MinimumLengthValidator implements PasswordValidator {
  readonly minLength: number;
  constructor(options: { minLength?: number } = {}) {
    this.minLength = options.minLength ?? 8;
  }

  validate(password: string): void {
    if ([...password].length < this.minLength) {
      throw new PasswordValidationError(
        [`This password is too short. It must contain at least ${this.minLength} ${plural(this.minLength, 'character', 'characters')}.`],
        ['password_too_short'],
      );
    }
  }

  getHelpText(): string {
    return `Your password must contain at least ${this.minLength} ${plural(this.minLength, 'character', 'characters')}.`;
  }
}

export const DEFAULT_USER_ATTRIBUTES = ['username', 'firstName', 'lastName', 'email'];

export class UserAttributeSimilarityValidator implements PasswordValidator {
  readonly userAttributes: string[];
  readonly maxSimilarity: number;
  constructor(options: { userAttributes?: string[]; maxSimilarity?: number } = {}) {
    this.userAttributes = options.userAttributes ?? DEFAULT_USER_ATTRIBUTES;
    this.maxSimilarity = options.maxSimilarity ?? 0.7;
    if (this.maxSimilarity < 0.1) {
      throw new ImproperlyConfigured(`UserAttributeSimilarityValidator: maxSimilarity must be at least 0.1 (got ${this.maxSimilarity}); set it in the validator's OPTIONS in AUTH_PASSWORD_VALIDATORS.`, { code: 'HYPER_AUTH_MAX_SIMILARITY' });
    }
  }

  validate(password: string, user?: unknown): void {
    if (!user || typeof user !== 'object') return;
    const lowered = password.toLowerCase();
    for (const attribute of this.userAttributes) {
      const value = (user as Record<string, unknown>)[attribute];
      if (typeof value !== 'string' || !value) continue;
      const lowerValue = value.toLowerCase();
      const parts = [...lowerValue.split(/[^\p{L}\p{N}_]+/u), lowerValue];
      for (const part of parts) {
        if (exceedsMaximumLengthRatio(lowered, this.maxSimilarity, part)) continue;
        if (quickRatio(lowered, part) >= this.maxSimilarity) {
          throw new PasswordValidationError([`The password is too similar to the ${verboseName(user, attribute)}.`], ['password_too_similar']);
        }
      }
    }
  }

  getHelpText(): string {
    return 'Your password can’t be too similar to your other personal information.';
  }
}

/** The field's verboseName when the user is a model instance, else the attribute in words. */
function verboseName(user: object, attribute: string): string {
  const meta = (user.constructor as { _meta?: { findField(name: string): { options: { verboseName?: string } } | undefined } })._meta;
  try {
    const name = meta?.findField(attribute)?.options.verboseName;
    if (name) return name;
  } catch {
    // Not a prepared model: fall back to the attribute's name.
  }
  return attribute.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The shipped list (see the header of common-passwords.txt.gz), read once. */
export const DEFAULT_PASSWORD_LIST = path.join(__dirname, 'common-passwords.txt.gz');
const lists = new Map<string, Set<string>>();

function readList(file: string): Set<string> {
  let words = lists.get(file);
  if (!words) {
    const raw = fs.readFileSync(file);
    const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    words = new Set(text.split('\n').map((line) => line.trim().toLowerCase()).filter((line) => line && !line.startsWith('#')));
    lists.set(file, words);
  }
  return words;
}

export class CommonPasswordValidator implements PasswordValidator {
  readonly passwordListPath: string;
  constructor(options: { passwordListPath?: string } = {}) {
    this.passwordListPath = options.passwordListPath ?? DEFAULT_PASSWORD_LIST;
  }

  get passwords(): Set<string> {
    return readList(this.passwordListPath);
  }

  validate(password: string): void {
    if (this.passwords.has(password.toLowerCase().trim())) {
      throw new PasswordValidationError(['This password is too common.'], ['password_too_common']);
    }
  }

  getHelpText(): string {
    return 'Your password can’t be a commonly used password.';
  }
}

export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): void {
    if (/^\p{Nd}+$/u.test(password)) {
      throw new PasswordValidationError(['This password is entirely numeric.'], ['password_entirely_numeric']);
    }
  }

  getHelpText(): string {
    return 'Your password can’t be entirely numeric.';
  }
}
