// Text fields: CharField (varchar), TextField, and the validated kinds of CharField.
import { isIP } from 'node:net';
import { FieldError, ValidationError } from '../errors';
import { Field, invalidValue, type FieldOptions, type Validator } from './field';

export interface CharFieldOptions extends FieldOptions<string> {
  maxLength: number;
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw invalidValue(`Expected text, got ${typeof value}.`);
}

export class CharField<O extends CharFieldOptions = CharFieldOptions> extends Field<string, O> {
  constructor(options: O) {
    super(options);
    if (!Number.isInteger(options.maxLength) || options.maxLength < 1) {
      throw new FieldError(`${new.target.name} needs maxLength, a positive integer (got ${options.maxLength}): ${new.target.name}({ maxLength: 200 }), or TextField() for text of any length.`, { code: 'HYPER_ORM_MAX_LENGTH_REQUIRED' });
    }
  }

  get dbType(): string {
    return `varchar(${this.options.maxLength})`;
  }

  protected get emptyStringsAllowed(): boolean {
    return true;
  }

  toJs(value: unknown): string {
    return toText(value);
  }

  protected validators(): Validator<string>[] {
    const max = this.options.maxLength;
    return [
      (value) => {
        if (value.length > max) throw new ValidationError(`Ensure this value has at most ${max} characters (it has ${value.length}).`, { code: 'HYPER_ORM_VALUE_TOO_LONG' });
      },
    ];
  }
}

export class TextField<O extends FieldOptions<string> = FieldOptions<string>> extends Field<string, O> {
  get dbType(): string {
    return 'text';
  }
  protected get emptyStringsAllowed(): boolean {
    return true;
  }
  toJs(value: unknown): string {
    return toText(value);
  }
}

function pattern(regex: RegExp, message: string): Validator<string> {
  return (value) => {
    if (!regex.test(value)) throw invalidValue(message);
  };
}

export class SlugField<O extends Partial<CharFieldOptions> = Partial<CharFieldOptions>> extends CharField<O & CharFieldOptions> {
  constructor(options: O = {} as O) {
    super({ maxLength: 50, dbIndex: true, ...options } as O & CharFieldOptions);
  }
  protected validators(): Validator<string>[] {
    return [...super.validators(), pattern(/^[-a-zA-Z0-9_]+$/, 'Enter a valid slug: letters, numbers, underscores or hyphens.')];
  }
}

/** An email address, as EmailField (model and form) validates it. */
export const EMAIL_PATTERN = /^[^\s@]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$|^[^\s@]+@\[[0-9a-fA-F:.]+\]$/;

export class EmailField<O extends Partial<CharFieldOptions> = Partial<CharFieldOptions>> extends CharField<O & CharFieldOptions> {
  constructor(options: O = {} as O) {
    super({ maxLength: 254, ...options } as O & CharFieldOptions);
  }
  protected validators(): Validator<string>[] {
    return [...super.validators(), pattern(EMAIL_PATTERN, 'Enter a valid email address.')];
  }
}

const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:']);
const URL_HOST = /^(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)*(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})\.?$|^localhost$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9a-f:.]+\]$/i;

/**
 * Django's URLValidator, for model and form URLFields alike: an http(s) or ftp(s) URL
 * with a host name, an IP address or localhost, no whitespace, at most 2,048 characters.
 */
export function isValidUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value)?.[1] ?? '';
  return URL_SCHEMES.has(url.protocol) && URL_HOST.test(host) && !/\s/.test(value) && value.length <= 2048;
}

export class URLField<O extends Partial<CharFieldOptions> = Partial<CharFieldOptions>> extends CharField<O & CharFieldOptions> {
  constructor(options: O = {} as O) {
    super({ maxLength: 200, ...options } as O & CharFieldOptions);
  }
  protected validators(): Validator<string>[] {
    return [
      ...super.validators(),
      (value) => {
        if (!isValidUrl(value)) throw invalidValue('Enter a valid URL.');
      },
    ];
  }
}

export interface IPAddressOptions extends FieldOptions<string> {
  protocol?: 'both' | 'IPv4' | 'IPv6';
}

export class GenericIPAddressField<O extends IPAddressOptions = IPAddressOptions> extends Field<string, O> {
  get dbType(): string {
    return 'inet';
  }
  toJs(value: unknown): string {
    return toText(value).trim();
  }
  protected validators(): Validator<string>[] {
    const protocol = this.options.protocol ?? 'both';
    return [
      (value) => {
        const version = isIP(value);
        const ok = protocol === 'both' ? version !== 0 : version === (protocol === 'IPv4' ? 4 : 6);
        if (!ok) throw invalidValue(`Enter a valid ${protocol === 'both' ? 'IPv4 or IPv6' : protocol} address.`);
      },
    ];
  }
}
