// Text fields: CharField and its validated kinds. Values are stripped of surrounding
// whitespace unless `strip: false`; an empty optional field cleans to '' (emptyValue).
import { EMAIL_PATTERN, isValidUrl } from '../../orm/fields/text';
import { FormError } from '../errors';
import { failsSoftly, FormField, isEmptyValue, type FieldOptions, type Validator } from '../field';
import type { Attrs } from '../widgets/attrs';
import { EmailInput, URLInput, type Widget } from '../widgets/widget';

export interface CharFieldOptions extends FieldOptions<string> {
  maxLength?: number;
  minLength?: number;
  /** Remove leading and trailing whitespace (default true). */
  strip?: boolean;
  /** What an empty value cleans to (default ''). */
  emptyValue?: string | null;
}

const TEXT_ERRORS: Record<string, string> = {
  required: 'This field is required.',
  max_length: 'Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).',
  min_length: 'Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).',
  null_characters_not_allowed: 'Null characters are not allowed.',
  invalid: 'Enter a valid value.',
};

export class CharField<O extends CharFieldOptions = CharFieldOptions> extends FormField<string, O, never> {
  protected override readonly defaultErrors: Record<string, string> = TEXT_ERRORS;

  override toPython(value: unknown): string {
    if (isEmptyValue(value)) return (this.options.emptyValue === undefined ? '' : this.options.emptyValue) as string;
    let text = typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1]) : String(value);
    if (this.options.strip !== false) text = text.trim();
    if (text === '') return (this.options.emptyValue === undefined ? '' : this.options.emptyValue) as string;
    return text;
  }

  protected override validators(): Validator<string>[] {
    const { maxLength, minLength } = this.options;
    const checks: Validator<string>[] = [
      (value) => {
        if (value.includes('\0')) return this.fail('null_characters_not_allowed');
      },
    ];
    if (maxLength !== undefined) {
      checks.push((value) => {
        if (value.length > maxLength) return this.fail('max_length', { limit_value: maxLength, show_value: value.length });
      });
    }
    if (minLength !== undefined) {
      checks.push((value) => {
        if (value.length < minLength) return this.fail('min_length', { limit_value: minLength, show_value: value.length });
      });
    }
    return checks;
  }

  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (widget.isHidden) return attrs;
    if (this.options.maxLength !== undefined) attrs.maxlength = this.options.maxLength;
    if (this.options.minLength !== undefined) attrs.minlength = this.options.minLength;
    return attrs;
  }
}

export interface RegexFieldOptions extends CharFieldOptions {
  regex: RegExp | string;
}

export class RegexField<O extends RegexFieldOptions = RegexFieldOptions> extends CharField<O> {
  private readonly regex: RegExp;
  constructor(options: O) {
    super(options);
    this.regex = typeof options.regex === 'string' ? new RegExp(options.regex) : options.regex;
    if (this.regex.global || this.regex.sticky) throw new FormError('HYPER_FORM_BAD_OPTION', `RegexField's regex ${String(this.regex)} has the g or y flag, which makes test() remember its last match: drop the flag.`);
  }
  protected override validators(): Validator<string>[] {
    return [
      ...super.validators(),
      (value) => {
        if (!this.regex.test(value)) return this.fail('invalid');
      },
    ];
  }
}

export class EmailField<O extends CharFieldOptions = CharFieldOptions> extends CharField<O> {
  protected override readonly defaultErrors: Record<string, string> = { ...TEXT_ERRORS, invalid: 'Enter a valid email address.' };
  protected override defaultWidget(): Widget {
    return new EmailInput();
  }
  protected override validators(): Validator<string>[] {
    return [
      ...super.validators(),
      (value) => {
        if (value.length > 320 || !EMAIL_PATTERN.test(value)) return this.fail('invalid');
      },
    ];
  }
}

export interface URLFieldOptions extends CharFieldOptions {
  /** The scheme added to a URL typed without one (default 'https', as Django 5). */
  assumeScheme?: string;
}

export class URLField<O extends URLFieldOptions = URLFieldOptions> extends CharField<O> {
  protected override readonly defaultErrors: Record<string, string> = { ...TEXT_ERRORS, invalid: 'Enter a valid URL.' };
  protected override defaultWidget(): Widget {
    return new URLInput();
  }
  override toPython(value: unknown): string {
    const text = super.toPython(value);
    if (!text) return text;
    // 'example.com/x' means https://example.com/x; a host-less URL is left for the validator to refuse.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return `${this.options.assumeScheme ?? 'https'}://${text}`;
    return text;
  }
  protected override validators(): Validator<string>[] {
    return [
      ...super.validators(),
      (value) => {
        if (!isValidUrl(value)) return this.fail('invalid');
      },
    ];
  }
}

const SLUG = /^[-a-zA-Z0-9_]+$/;
const UNICODE_SLUG = /^[-\p{L}\p{N}_]+$/u;

export class SlugField<O extends CharFieldOptions & { allowUnicode?: boolean } = CharFieldOptions> extends CharField<O> {
  protected override readonly defaultErrors: Record<string, string> = {
    ...TEXT_ERRORS,
    invalid: 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
  };
  protected override validators(): Validator<string>[] {
    const pattern = this.options.allowUnicode ? UNICODE_SLUG : SLUG;
    return [
      ...super.validators(),
      (value) => {
        if (!pattern.test(value)) return this.fail('invalid');
      },
    ];
  }
}

// Their refusals go through fail(), which the form's run records instead of throwing.
failsSoftly(CharField, RegexField, EmailField, URLField, SlugField);
