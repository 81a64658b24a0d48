// The ORM's failures carry a code of their own (docs/errors.md), so a program can
// branch on the failure rather than on the message or the class. No database needed.
import { InvalidArgument } from '../../src/core/errors';
import {
  ArrayField, BinaryField, BooleanField, CharField, DateField, DateTimeField, DecimalField, DurationField, EmailField, FieldError, FloatField, ForeignKey,
  GenericIPAddressField, IntegerField, ManyToManyField, model, resetModelRegistry, SlugField, TextField, TimeField, URLField, UUIDField, ValidationError,
  type Validator,
} from '../../src/orm';
import { configure, resetSettings } from '../../src/conf/settings';

beforeEach(() => {
  resetSettings();
  configure({ SECRET_KEY: 'x' });
});
afterAll(() => resetModelRegistry());

/** What `act` throws, for asserting its class and code together. */
function thrownBy(act: () => unknown): { name: string; code?: string; message: string } {
  try {
    act();
  } catch (error) {
    return error as { name: string; code?: string; message: string };
  }
  throw new Error('expected a throw');
}

/** The field type's own validators, which clean() runs after toJs(). */
function validate<T>(field: { validators(): Validator<T>[] } | object, value: T): void {
  for (const check of (field as { validators(): Validator<T>[] }).validators()) check(value);
}

describe('error codes of the ORM', () => {
  it('a value a field cannot take is a ValidationError HYPER_ORM_INVALID_VALUE', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => BooleanField().toJs('maybe'), "'maybe' value must be either true or false."],
      [() => UUIDField().toJs('x'), "'x' is not a valid UUID."],
      [() => BinaryField().toJs(3), 'Expected bytes (a Buffer or base64 text), got number.'],
      [() => ArrayField(IntegerField()).toJs('1,2'), 'Expected a list, got string.'],
      [() => TextField().toJs({}), 'Expected text, got object.'],
      [() => IntegerField().toJs('1.5'), "'1.5' value must be an integer."],
      [() => FloatField().toJs('one'), "'one' value must be a float."],
      [() => DecimalField({ maxDigits: 5, decimalPlaces: 2 }).toJs('1,5'), "'1,5' value must be a decimal number."],
      [() => DateField().toJs('2024-02-30'), "'2024-02-30' value must be a valid date in YYYY-MM-DD format."],
      [() => DateTimeField().toJs('soon'), "'soon' value must be a valid date and time."],
      [() => TimeField().toJs('25:00'), "'25:00' value must be a valid time in HH:MM[:ss[.uuuuuu]] format."],
      [() => DurationField().toJs('P1X'), "'P1X' is not an ISO 8601 duration (such as 'P1DT2H30M')."],
      [() => DurationField().toJs(true), "'true' value must be a duration in milliseconds or ISO 8601."],
      [() => validate(SlugField(), 'a b'), 'Enter a valid slug: letters, numbers, underscores or hyphens.'],
      [() => validate(EmailField(), 'nobody'), 'Enter a valid email address.'],
      [() => validate(URLField(), 'not a url'), 'Enter a valid URL.'],
      [() => validate(URLField(), 'mailto:a@b.c'), 'Enter a valid URL.'],
      [() => validate(GenericIPAddressField({ protocol: 'IPv4' }), '::1'), 'Enter a valid IPv4 address.'],
    ];
    for (const [act, message] of cases) {
      const error = thrownBy(act);
      expect(error).toBeInstanceOf(ValidationError);
      expect({ code: error.code, message: error.message }).toEqual({ code: 'HYPER_ORM_INVALID_VALUE', message });
    }
  });

  it('a value past a field limit names the limit', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => validate(CharField({ maxLength: 3 }), 'abcd'), 'HYPER_ORM_VALUE_TOO_LONG'],
      [() => validate(IntegerField(), -2147483649), 'HYPER_ORM_VALUE_TOO_SMALL'],
      [() => validate(IntegerField(), 2147483648), 'HYPER_ORM_VALUE_TOO_LARGE'],
      [() => validate(DecimalField({ maxDigits: 5, decimalPlaces: 2 }), '1.234'), 'HYPER_ORM_TOO_MANY_DECIMAL_PLACES'],
      [() => validate(DecimalField({ maxDigits: 5, decimalPlaces: 2 }), '1234.5'), 'HYPER_ORM_TOO_MANY_WHOLE_DIGITS'],
      [() => validate(ArrayField(IntegerField(), { size: 1 }), [1, 2]), 'HYPER_ORM_TOO_MANY_ITEMS'],
    ];
    for (const [act, code] of cases) {
      const error = thrownBy(act);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.code).toBe(code);
    }
  });

  it('clean() still gathers the messages by field under HYPER_VALIDATION', () => {
    const error = thrownBy(() => CharField({ maxLength: 3 }).clean('abcd'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('HYPER_VALIDATION');
    expect((error as unknown as ValidationError).errors).toEqual({ '': ['Ensure this value has at most 3 characters (it has 4).'] });
  });

  it('a field declared wrongly is a FieldError with its own code', () => {
    const cases: Array<[() => unknown, string]> = [
      [() => CharField({} as never), 'HYPER_ORM_MAX_LENGTH_REQUIRED'],
      [() => ForeignKey(() => Object as never, {} as never), 'HYPER_ORM_ON_DELETE_REQUIRED'],
      [() => ForeignKey(() => Object as never, { onDelete: 'SET_NULL' }), 'HYPER_ORM_SET_NULL_NEEDS_NULL'],
      [() => model({ name: 'text' as never }), 'HYPER_ORM_NOT_A_FIELD'],
      [() => model({ a__b: CharField({ maxLength: 5 }) }), 'HYPER_ORM_INVALID_FIELD_NAME'],
    ];
    for (const [act, code] of cases) {
      const error = thrownBy(act);
      expect(error).toBeInstanceOf(FieldError);
      expect(error.code).toBe(code);
    }
    expect(thrownBy(() => CharField({} as never)).message).toBe(
      'CharField needs maxLength, a positive integer (got undefined): CharField({ maxLength: 200 }), or TextField() for text of any length.',
    );
  });

  it('a name that is not a field, a relation or a lookup says which', () => {
    class Shelf extends model({ label: CharField({ maxLength: 20 }) }, { appLabel: 'library' }) {}
    class Book extends model(
      { title: CharField({ maxLength: 20 }), shelf: ForeignKey(() => Shelf, { onDelete: 'CASCADE' }), readers: ManyToManyField(() => Shelf) },
      { appLabel: 'library' },
    ) {}
    const cases: Array<[() => unknown, string]> = [
      [() => new Book({ titel: 'x' } as never), 'HYPER_ORM_UNKNOWN_FIELD'],
      [() => Book._meta.getField('titel'), 'HYPER_ORM_UNKNOWN_FIELD'],
      [() => Book.objects.filter({ titel: 'x' } as never), 'HYPER_ORM_UNKNOWN_FIELD'],
      [() => Book.objects.filter({ title__startswit: 'x' } as never), 'HYPER_ORM_UNKNOWN_LOOKUP'],
      [() => Book.objects.selectForUpdate({ of: ['title'] }), 'HYPER_ORM_UNKNOWN_RELATION'],
      [() => new Book({ readers: [] } as never), 'HYPER_ORM_MANY_TO_MANY_IN_CONSTRUCTOR'],
    ];
    for (const [act, code] of cases) {
      const error = thrownBy(act);
      expect(error).toBeInstanceOf(FieldError);
      expect(error.code).toBe(code);
    }
  });

  it('a bad slice is an InvalidArgument', () => {
    class Card extends model({ title: CharField({ maxLength: 20 }) }, { appLabel: 'library' }) {}
    const error = thrownBy(() => Card.objects.slice(2, 1));
    expect(error).toBeInstanceOf(InvalidArgument);
    expect(error.code).toBe('HYPER_ORM_INVALID_SLICE');
  });
});
