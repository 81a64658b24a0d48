// Numbers: IntegerField, FloatField and DecimalField. Input is read without locale
// (a '.' decimal point, no grouping), as Django with USE_THOUSAND_SEPARATOR off;
// DecimalField's values stay strings, as the ORM's, so no digit passes through a float.
import { failsSoftly, FormField, isEmptyValue, type FieldOptions, type Validator } from '../field';
import type { Attrs } from '../widgets/attrs';
import { NumberInput, type Widget } from '../widgets/widget';

export interface NumberFieldOptions extends FieldOptions<number> {
  maxValue?: number;
  minValue?: number;
  /** Values must be a multiple of it (from minValue when given). */
  stepSize?: number;
}

const NUMBER_ERRORS = {
  required: 'This field is required.',
  max_value: 'Ensure this value is less than or equal to %(limit_value)s.',
  min_value: 'Ensure this value is greater than or equal to %(limit_value)s.',
  step_size: 'Ensure this value is a multiple of step size %(limit_value)s.',
};

function rangeValidators(field: FormField<number, NumberFieldOptions, null>): Validator<number>[] {
  const { maxValue, minValue, stepSize } = field.options;
  const checks: Validator<number>[] = [];
  if (maxValue !== undefined) checks.push((v) => {
    if (v > maxValue) return field.fail('max_value', { limit_value: maxValue });
  });
  if (minValue !== undefined) checks.push((v) => {
    if (v < minValue) return field.fail('min_value', { limit_value: minValue });
  });
  if (stepSize !== undefined) checks.push((v) => {
    const offset = minValue ?? 0;
    const ratio = (v - offset) / stepSize;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9) return field.fail('step_size', { limit_value: stepSize });
  });
  return checks;
}

function rangeAttrs(options: NumberFieldOptions, widget: Widget): Attrs {
  const attrs: Attrs = {};
  if (!(widget instanceof NumberInput)) return attrs;
  if (options.minValue !== undefined) attrs.min = options.minValue;
  if (options.maxValue !== undefined) attrs.max = options.maxValue;
  if (options.stepSize !== undefined) attrs.step = options.stepSize;
  return attrs;
}

const text = (value: unknown) => (Array.isArray(value) ? String(value[value.length - 1]) : String(value)).trim();

export class IntegerField<O extends NumberFieldOptions = NumberFieldOptions> extends FormField<number, O> {
  protected override readonly defaultErrors: Record<string, string> = { ...NUMBER_ERRORS, invalid: 'Enter a whole number.' };
  protected override defaultWidget(): Widget {
    return new NumberInput();
  }
  override toPython(value: unknown): number | null {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number') {
      if (Number.isInteger(value)) return value;
      return this.fail('invalid');
    }
    // As Django: '12.0' is 12 (a trailing .0 is dropped), '12.5' is not a whole number.
    const digits = text(value).replace(/\.0*$/, '');
    if (!/^[-+]?\d+$/.test(digits) || !Number.isSafeInteger(Number(digits))) return this.fail('invalid');
    return Number(digits);
  }
  protected override validators(): Validator<number>[] {
    return rangeValidators(this as unknown as FormField<number, NumberFieldOptions, null>);
  }
  override widgetAttrs(widget: Widget): Attrs {
    return rangeAttrs(this.options, widget);
  }
}

const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export class FloatField<O extends NumberFieldOptions = NumberFieldOptions> extends FormField<number, O> {
  protected override readonly defaultErrors: Record<string, string> = { ...NUMBER_ERRORS, invalid: 'Enter a number.' };
  protected override defaultWidget(): Widget {
    return new NumberInput();
  }
  override toPython(value: unknown): number | null {
    if (isEmptyValue(value)) return null;
    const number = typeof value === 'number' ? value : FLOAT.test(text(value)) ? Number(text(value)) : NaN;
    if (!Number.isFinite(number)) return this.fail('invalid');
    return number;
  }
  protected override validators(): Validator<number>[] {
    return rangeValidators(this as unknown as FormField<number, NumberFieldOptions, null>);
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs = rangeAttrs(this.options, widget);
    if (widget instanceof NumberInput && attrs.step === undefined) attrs.step = 'any';
    return attrs;
  }
}

export interface DecimalFieldOptions extends FieldOptions<string> {
  maxValue?: number | string;
  minValue?: number | string;
  maxDigits?: number;
  decimalPlaces?: number;
}

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** A decimal's digits as Python's Decimal.as_tuple() sees them: the coefficient without leading zeros, and the places after the point. */
function decimalDigits(value: string): { digits: number; decimals: number } {
  const match = DECIMAL.exec(value)!;
  const fraction = match[3] ?? '';
  const coefficient = ((match[2] ?? '') + fraction).replace(/^0+/, '') || '0';
  const exponent = -fraction.length;
  if (exponent >= 0) return { digits: coefficient === '0' ? 1 : coefficient.length, decimals: 0 };
  if (-exponent > coefficient.length) return { digits: -exponent, decimals: -exponent };
  return { digits: coefficient.length, decimals: -exponent };
}

export class DecimalField<O extends DecimalFieldOptions = DecimalFieldOptions> extends FormField<string, O> {
  protected override readonly defaultErrors: Record<string, string> = {
    ...NUMBER_ERRORS,
    invalid: 'Enter a number.',
    max_digits: 'Ensure that there are no more than %(max)s digits in total.',
    max_decimal_places: 'Ensure that there are no more than %(max)s decimal places.',
    max_whole_digits: 'Ensure that there are no more than %(max)s digits before the decimal point.',
  };
  protected override defaultWidget(): Widget {
    return new NumberInput();
  }
  override toPython(value: unknown): string | null {
    if (isEmptyValue(value)) return null;
    const raw = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'x') : text(value);
    const match = DECIMAL.exec(raw);
    if (!match || (match[2] === '' && !match[3])) return this.fail('invalid');
    return raw;
  }
  protected override validators(): Validator<string>[] {
    const { maxValue, minValue, maxDigits, decimalPlaces } = this.options;
    return [
      (value) => {
        const { digits, decimals } = decimalDigits(value);
        const whole = digits - decimals;
        if (maxDigits !== undefined && digits > maxDigits) return this.fail('max_digits', { max: maxDigits });
        if (decimalPlaces !== undefined && decimals > decimalPlaces) return this.fail('max_decimal_places', { max: decimalPlaces });
        if (maxDigits !== undefined && decimalPlaces !== undefined && whole > maxDigits - decimalPlaces) return this.fail('max_whole_digits', { max: maxDigits - decimalPlaces });
        if (maxValue !== undefined && Number(value) > Number(maxValue)) return this.fail('max_value', { limit_value: maxValue });
        if (minValue !== undefined && Number(value) < Number(minValue)) return this.fail('min_value', { limit_value: minValue });
      },
    ];
  }
  override widgetAttrs(widget: Widget): Attrs {
    const attrs: Attrs = {};
    if (!(widget instanceof NumberInput)) return attrs;
    const { decimalPlaces, maxValue, minValue } = this.options;
    if (minValue !== undefined) attrs.min = minValue;
    if (maxValue !== undefined) attrs.max = maxValue;
    attrs.step = decimalPlaces !== undefined ? (decimalPlaces === 0 ? '1' : `0.${'0'.repeat(decimalPlaces - 1)}1`) : 'any';
    return attrs;
  }
}

// Their refusals go through fail(), which the form's run records instead of throwing.
failsSoftly(IntegerField, FloatField, DecimalField);
