// Each field's cleaning, against Django's documented behaviour: empty values,
// whitespace, locale-free numbers, bad dates, too-long strings, choices.
import { configure, resetSettings } from '../../src/conf/settings';
import {
  BooleanField, CharField, ChoiceField, DateField, DateTimeField, DecimalField, DurationField, EmailField, FileField, FloatField,
  IntegerField, JSONField, MultipleChoiceField, NullBooleanField, RegexField, SlugField, TimeField, TypedChoiceField, URLField, UUIDField,
  ValidationError, type FormField,
} from '../../src/forms';

/** The messages a clean() fails with, or the value it returns. */
function clean(field: FormField<unknown, never, unknown>, value: unknown): unknown {
  try {
    return field.clean(value);
  } catch (error) {
    if (error instanceof ValidationError) return { errors: Object.values(error.errors).flat() };
    throw error;
  }
}
const f = <T>(field: T) => field as unknown as FormField<unknown, never, unknown>;
const required = { errors: ['This field is required.'] };

describe('CharField', () => {
  it('strips whitespace, and an empty value is required or ""', () => {
    expect(clean(f(CharField()), '  hi  ')).toBe('hi');
    expect(clean(f(CharField({ strip: false })), '  hi  ')).toBe('  hi  ');
    expect(clean(f(CharField()), '   ')).toEqual(required);
    expect(clean(f(CharField()), undefined)).toEqual(required);
    expect(clean(f(CharField({ required: false })), '')).toBe('');
    expect(clean(f(CharField({ required: false, emptyValue: null })), '')).toBeNull();
  });
  it('counts characters for maxLength and minLength', () => {
    expect(clean(f(CharField({ maxLength: 3 })), 'abcd')).toEqual({ errors: ['Ensure this value has at most 3 characters (it has 4).'] });
    expect(clean(f(CharField({ minLength: 3 })), 'ab')).toEqual({ errors: ['Ensure this value has at least 3 characters (it has 2).'] });
    expect(clean(f(CharField({ maxLength: 3 })), 'abc')).toBe('abc');
  });
  it('refuses null characters, and takes numbers from JSON as text', () => {
    expect(clean(f(CharField()), 'a\0b')).toEqual({ errors: ['Null characters are not allowed.'] });
    expect(clean(f(CharField()), 12)).toBe('12');
  });
  it('runs the declared validators after its own, and replaces messages by code', () => {
    const noBob = (value: string) => {
      if (value === 'bob') throw new ValidationError('Not bob.');
    };
    expect(clean(f(CharField({ validators: [noBob] })), 'bob')).toEqual({ errors: ['Not bob.'] });
    expect(clean(f(CharField({ errorMessages: { required: 'Name it.' } })), '')).toEqual({ errors: ['Name it.'] });
  });
});

describe('EmailField, URLField, SlugField, RegexField', () => {
  it('validates email addresses', () => {
    expect(clean(f(EmailField()), ' ann@example.com ')).toBe('ann@example.com');
    expect(clean(f(EmailField()), 'ann@')).toEqual({ errors: ['Enter a valid email address.'] });
    expect(clean(f(EmailField()), 'ann example@x.org')).toEqual({ errors: ['Enter a valid email address.'] });
  });
  it('adds https:// to a URL typed without a scheme, and refuses what is not a URL', () => {
    expect(clean(f(URLField()), 'example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(clean(f(URLField()), 'http://localhost:8000/')).toBe('http://localhost:8000/');
    expect(clean(f(URLField()), 'javascript:alert(1)')).toEqual({ errors: ['Enter a valid URL.'] });
    expect(clean(f(URLField()), 'http://exa mple.com')).toEqual({ errors: ['Enter a valid URL.'] });
    expect(clean(f(URLField()), 'http://')).toEqual({ errors: ['Enter a valid URL.'] });
  });
  it('takes slugs of letters, digits, _ and -', () => {
    expect(clean(f(SlugField()), 'a-slug_1')).toBe('a-slug_1');
    expect(clean(f(SlugField()), 'not a slug')).toEqual({ errors: ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'] });
    expect(clean(f(SlugField({ allowUnicode: true })), 'café')).toBe('café');
  });
  it('matches a RegexField against its pattern', () => {
    expect(clean(f(RegexField({ regex: /^\d{4}$/ })), '2024')).toBe('2024');
    expect(clean(f(RegexField({ regex: '^\\d{4}$', errorMessages: { invalid: 'A year.' } })), '24')).toEqual({ errors: ['A year.'] });
    expect(() => RegexField({ regex: /x/g })).toThrow(expect.objectContaining({ code: 'HYPER_FORM_BAD_OPTION' }));
  });
});

describe('numbers, without locale', () => {
  it('IntegerField: whole numbers, a trailing .0 allowed, no grouping', () => {
    expect(clean(f(IntegerField()), ' 42 ')).toBe(42);
    expect(clean(f(IntegerField()), '-7')).toBe(-7);
    expect(clean(f(IntegerField()), '12.0')).toBe(12);
    expect(clean(f(IntegerField()), 12)).toBe(12);
    for (const bad of ['12.5', '1,000', '1e3', 'abc', '0x10', 12.5]) expect(clean(f(IntegerField()), bad)).toEqual({ errors: ['Enter a whole number.'] });
    expect(clean(f(IntegerField({ required: false })), '')).toBeNull();
  });
  it('IntegerField: min, max and step', () => {
    const field = f(IntegerField({ minValue: 1, maxValue: 10, stepSize: 3 }));
    expect(clean(field, '0')).toEqual({ errors: ['Ensure this value is greater than or equal to 1.', 'Ensure this value is a multiple of step size 3.'] });
    expect(clean(f(IntegerField({ maxValue: 10 })), '11')).toEqual({ errors: ['Ensure this value is less than or equal to 10.'] });
    expect(clean(field, '7')).toBe(7);
    expect(clean(field, '8')).toEqual({ errors: ['Ensure this value is a multiple of step size 3.'] });
  });
  it('FloatField: finite numbers only', () => {
    expect(clean(f(FloatField()), '1.5e2')).toBe(150);
    expect(clean(f(FloatField()), '.5')).toBe(0.5);
    for (const bad of ['inf', 'NaN', '1,5', 'x', 'Infinity']) expect(clean(f(FloatField()), bad)).toEqual({ errors: ['Enter a number.'] });
  });
  it('DecimalField: digits and places as Django counts them, the value kept as text', () => {
    const field = f(DecimalField({ maxDigits: 5, decimalPlaces: 2 }));
    expect(clean(field, '123.45')).toBe('123.45');
    expect(clean(field, '-0.05')).toBe('-0.05');
    expect(clean(field, '1234.5')).toEqual({ errors: ['Ensure that there are no more than 3 digits before the decimal point.'] });
    expect(clean(field, '1.234')).toEqual({ errors: ['Ensure that there are no more than 2 decimal places.'] });
    expect(clean(field, '123456')).toEqual({ errors: ['Ensure that there are no more than 5 digits in total.'] });
    expect(clean(field, '0000012.50')).toBe('0000012.50');
    for (const bad of ['1,5', '.', 'abc', '1.2.3']) expect(clean(field, bad)).toEqual({ errors: ['Enter a number.'] });
    expect(clean(f(DecimalField({ minValue: '0.5' })), '0.4')).toEqual({ errors: ['Ensure this value is greater than or equal to 0.5.'] });
  });
});

describe('booleans and choices', () => {
  it('BooleanField: "false" and "0" are false; a required one must be checked', () => {
    expect(clean(f(BooleanField()), 'on')).toBe(true);
    expect(clean(f(BooleanField()), 'false')).toEqual(required);
    expect(clean(f(BooleanField({ required: false })), 'False')).toBe(false);
    expect(clean(f(BooleanField({ required: false })), '0')).toBe(false);
    expect(clean(f(BooleanField({ required: false })), undefined)).toBe(false);
  });
  it('NullBooleanField: true, false or null, never an error', () => {
    expect(clean(f(NullBooleanField()), 'true')).toBe(true);
    expect(clean(f(NullBooleanField()), '0')).toBe(false);
    expect(clean(f(NullBooleanField()), 'unknown')).toBeNull();
    expect(clean(f(NullBooleanField()), undefined)).toBeNull();
  });
  it('ChoiceField: a listed value, groups included', () => {
    const field = f(ChoiceField({ choices: [['a', 'A'], ['Group', [['g', 'G']]]] }));
    expect(clean(field, 'g')).toBe('g');
    expect(clean(field, 'z')).toEqual({ errors: ['Select a valid choice. z is not one of the available choices.'] });
    expect(clean(field, '')).toEqual(required);
  });
  it('TypedChoiceField: coerces the choice, and an uncoercible one is invalid', () => {
    const field = f(TypedChoiceField({ choices: [['1', 'One'], ['x', 'Bad']], coerce: Number, required: false }));
    expect(clean(field, '1')).toBe(1);
    expect(clean(field, 'x')).toEqual({ errors: ['Select a valid choice. x is not one of the available choices.'] });
    expect(clean(field, '')).toBe('');
  });
  it('MultipleChoiceField: a list of listed values', () => {
    const field = f(MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']] }));
    expect(clean(field, ['a', 'b'])).toEqual(['a', 'b']);
    expect(clean(field, ['a', 'c'])).toEqual({ errors: ['Select a valid choice. c is not one of the available choices.'] });
    expect(clean(field, 'a')).toEqual({ errors: ['Enter a list of values.'] });
    expect(clean(field, [])).toEqual(required);
  });
});

describe('dates and times', () => {
  beforeAll(() => {
    resetSettings();
    configure({ TIME_ZONE: 'Europe/Paris', USE_TZ: true, SECRET_KEY: 'x' });
  });
  afterAll(() => resetSettings());

  it('DateField: Django\'s input formats, real dates only', () => {
    expect(clean(f(DateField()), '2024-02-29')).toBe('2024-02-29');
    expect(clean(f(DateField()), '02/29/2024')).toBe('2024-02-29');
    expect(clean(f(DateField()), '2/9/24')).toBe('2024-02-09');
    expect(clean(f(DateField()), 'Oct 25 2006')).toBe('2006-10-25');
    expect(clean(f(DateField()), 'October 25, 2006')).toBe('2006-10-25');
    for (const bad of ['2023-02-29', '2024-13-01', '29/02/2024', 'yesterday']) expect(clean(f(DateField()), bad)).toEqual({ errors: ['Enter a valid date.'] });
    expect(clean(f(DateField({ inputFormats: ['%d.%m.%Y'] })), '29.02.2024')).toBe('2024-02-29');
  });
  it('TimeField: HH:MM[:SS[.ffffff]]', () => {
    expect(clean(f(TimeField()), '13:45')).toBe('13:45:00');
    expect(clean(f(TimeField()), '13:45:30.5')).toBe('13:45:30.500000');
    expect(clean(f(TimeField()), '25:00')).toEqual({ errors: ['Enter a valid time.'] });
  });
  it('DateTimeField: ISO with or without offset; a naive time is in the current time zone', () => {
    expect((clean(f(DateTimeField()), '2024-07-01T12:00:00Z') as Date).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect((clean(f(DateTimeField()), '2024-07-01 12:00+02:00') as Date).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect((clean(f(DateTimeField()), '2024-07-01 12:00') as Date).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect((clean(f(DateTimeField()), '2024-01-15 12:00:00') as Date).toISOString()).toBe('2024-01-15T11:00:00.000Z');
    expect((clean(f(DateTimeField()), '2024-07-01') as Date).toISOString()).toBe('2024-06-30T22:00:00.000Z');
    expect(clean(f(DateTimeField()), '2024-02-30 10:00')).toEqual({ errors: ['Enter a valid date/time.'] });
  });
  it('DurationField: Django\'s formats and ISO 8601, in milliseconds', () => {
    expect(clean(f(DurationField()), '1 02:03:04')).toBe(93784000);
    expect(clean(f(DurationField()), '3 days 04:05:06')).toBe(273906000);
    expect(clean(f(DurationField()), '30')).toBe(30000);
    expect(clean(f(DurationField()), '00:01:30.5')).toBe(90500);
    expect(clean(f(DurationField()), 'P1DT2H')).toBe(93600000);
    expect(clean(f(DurationField()), 'soon')).toEqual({ errors: ['Enter a valid duration.'] });
    expect((DurationField() as unknown as FormField).prepareValue(93784000)).toBe('1 02:03:04');
  });
});

describe('UUIDField, JSONField, FileField', () => {
  it('UUIDField: any form Python reads, canonical out', () => {
    const id = '12345678-1234-5678-1234-567812345678';
    expect(clean(f(UUIDField()), '{12345678123456781234567812345678}')).toBe(id);
    expect(clean(f(UUIDField()), 'URN:UUID:12345678-1234-5678-1234-567812345678'.toLowerCase())).toBe(id);
    expect(clean(f(UUIDField()), '1234')).toEqual({ errors: ['Enter a valid UUID.'] });
  });
  it('JSONField: text is parsed, a JSON body\'s value kept', () => {
    expect(clean(f(JSONField()), '{"a": [1, null]}')).toEqual({ a: [1, null] });
    expect(clean(f(JSONField()), { a: 1 })).toEqual({ a: 1 });
    expect(clean(f(JSONField()), '{oops')).toEqual({ errors: ['Enter a valid JSON.'] });
    expect(clean(f(JSONField({ required: false })), '')).toBeNull();
  });
  it('FileField: a named, non-empty upload; names within maxLength', () => {
    const file = { name: 'a.txt', size: 3 };
    expect(clean(f(FileField()), file)).toBe(file);
    expect(clean(f(FileField()), { name: 'a.txt', size: 0 })).toEqual({ errors: ['The submitted file is empty.'] });
    expect(clean(f(FileField({ allowEmptyFile: true })), { name: 'a.txt', size: 0 })).toEqual({ name: 'a.txt', size: 0 });
    expect(clean(f(FileField({ maxLength: 4 })), file)).toEqual({ errors: ['Ensure this filename has at most 4 characters (it has 5).'] });
    expect(clean(f(FileField()), 'a.txt')).toEqual({ errors: ['No file was submitted. Check the encoding type on the form.'] });
    expect(clean(f(FileField()), undefined)).toEqual(required);
    expect(clean(f(FileField({ required: false })), false)).toBe(false);
  });
});
