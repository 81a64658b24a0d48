// Dates and times, in the ORM's types: DateField and TimeField clean to ISO strings
// ('2024-02-29', '13:45:00'), DateTimeField to a Date (a time without an offset is
// read in the current time zone, as Django's from_current_timezone()), DurationField
// to milliseconds. Accepted input follows Django's default input formats.
import { getCurrentTimezone, localtime } from '../../conf/timezone';
import { parseIsoDuration } from '../../orm/fields/temporal';
import { failsSoftly, FormField, isEmptyValue, type FieldOptions } from '../field';
import { DateInput, DateTimeInput, TimeInput, type Widget } from '../widgets/widget';
import { isoDate, isoTime, parseFormat, type WallTime } from './parse-format';

export const DATE_INPUT_FORMATS = ['%Y-%m-%d', '%m/%d/%Y', '%m/%d/%y', '%b %d %Y', '%b %d, %Y', '%d %b %Y', '%d %b, %Y', '%B %d %Y', '%B %d, %Y', '%d %B %Y', '%d %B, %Y'];
export const TIME_INPUT_FORMATS = ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'];
export const DATETIME_INPUT_FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f', '%m/%d/%Y %H:%M', '%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M:%S.%f', '%m/%d/%y %H:%M'];

export interface TemporalFieldOptions<T> extends FieldOptions<T> {
  /** strptime formats tried in order (Django's defaults when not given). */
  inputFormats?: readonly string[];
}

const text = (value: unknown) => (Array.isArray(value) ? String(value[value.length - 1]) : String(value)).trim();

function firstMatch(value: string, formats: readonly string[]): WallTime | null {
  for (const format of formats) {
    const parsed = parseFormat(value, format);
    if (parsed) return parsed;
  }
  return null;
}

export class DateField<O extends TemporalFieldOptions<string> = TemporalFieldOptions<string>> extends FormField<string, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid date.' };
  protected override defaultWidget(): Widget {
    return new DateInput();
  }
  override toPython(value: unknown): string | null {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return this.fail('invalid');
      return isoDate(wallOf(value));
    }
    const parsed = firstMatch(text(value), this.options.inputFormats ?? DATE_INPUT_FORMATS);
    if (!parsed) return this.fail('invalid');
    return isoDate(parsed);
  }
}

function wallOf(value: Date): WallTime {
  const z = localtime(value);
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, second: z.second, microsecond: z.millisecond * 1000 };
}

export class TimeField<O extends TemporalFieldOptions<string> = TemporalFieldOptions<string>> extends FormField<string, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid time.' };
  protected override defaultWidget(): Widget {
    return new TimeInput();
  }
  override toPython(value: unknown): string | null {
    if (isEmptyValue(value)) return null;
    const parsed = firstMatch(text(value), this.options.inputFormats ?? TIME_INPUT_FORMATS);
    if (!parsed) return this.fail('invalid');
    return isoTime(parsed);
  }
}

/** The instant a wall time names in `zone` (the earlier one in a repeated hour). */
export function fromWallTime(t: WallTime, zone: string = getCurrentTimezone()): Date {
  const guess = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, Math.floor(t.microsecond / 1000));
  const first = localtime(new Date(guess), zone).offset;
  const instant = guess - first * 60000;
  const second = localtime(new Date(instant), zone).offset;
  return new Date(second === first ? instant : guess - second * 60000);
}

// ISO 8601 as Django's parse_datetime(): a 'T' or a space, optional seconds and fraction, optional offset.
const ISO_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export class DateTimeField<O extends TemporalFieldOptions<Date> = TemporalFieldOptions<Date>> extends FormField<Date, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid date/time.' };
  protected override defaultWidget(): Widget {
    return new DateTimeInput();
  }
  override toPython(value: unknown): Date | null {
    if (isEmptyValue(value)) return null;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return this.fail('invalid');
      return value;
    }
    const input = text(value);
    const iso = ISO_DATETIME.exec(input);
    if (iso) {
      const wall = parseFormat(`${iso[1]}-${iso[2]}-${iso[3]} ${iso[4]}:${iso[5]}:${iso[6] ?? '0'}`, '%Y-%m-%d %H:%M:%S');
      if (!wall) return this.fail('invalid');
      wall.microsecond = Number((iso[7] ?? '').padEnd(6, '0'));
      const zone = iso[8];
      if (!zone) return fromWallTime(wall);
      const offset = zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.replace(':', '').slice(3, 5) || 0));
      return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, Math.floor(wall.microsecond / 1000)) - offset * 60000);
    }
    // A date alone is its midnight, as Django's DateTimeField accepts.
    const parsed = firstMatch(input, this.options.inputFormats ?? [...DATETIME_INPUT_FORMATS, ...DATE_INPUT_FORMATS]);
    if (!parsed) return this.fail('invalid');
    return fromWallTime(parsed);
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let after: Date | null;
    try {
      after = this.toPython(data);
    } catch {
      return true;
    }
    const before = initial instanceof Date ? initial : initial ? this.toPython(initial) : null;
    return (before?.getTime() ?? null) !== (after?.getTime() ?? null);
  }
}

// Django's parse_duration(): '[-][DD ][[HH:]MM:]ss[.uuuuuu]', ISO 8601, or PostgreSQL's '3 days 04:05:06'.
const STANDARD_DURATION = /^(?:(-?\d+) (?:days?,? )?)?(-)?(?:(\d+):(?=\d+:\d+))?(?:(\d+):)?(\d+)(?:[.,](\d{1,6})\d{0,6})?$/;

export class DurationField<O extends FieldOptions<number> = FieldOptions<number>> extends FormField<number, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid duration.' };
  override toPython(value: unknown): number | null {
    if (isEmptyValue(value)) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    const input = text(value);
    const match = STANDARD_DURATION.exec(input);
    if (match) {
      const [, days, sign, hours, minutes, seconds, fraction] = match;
      const time = (Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds)) * 1000 + Number((fraction ?? '').padEnd(6, '0')) / 1000;
      return Number(days ?? 0) * 86400000 + (sign ? -time : time);
    }
    if (/^-?P/i.test(input)) {
      try {
        return parseIsoDuration(input);
      } catch {
        return this.fail('invalid');
      }
    }
    return this.fail('invalid');
  }
  override prepareValue(value: unknown): unknown {
    if (typeof value !== 'number') return value;
    // Django's duration_string(): '[-]D HH:MM:SS[.uuuuuu]'.
    const sign = value < 0 ? '-' : '';
    let rest = Math.abs(value);
    const days = Math.floor(rest / 86400000);
    rest -= days * 86400000;
    const hours = Math.floor(rest / 3600000);
    rest -= hours * 3600000;
    const minutes = Math.floor(rest / 60000);
    rest -= minutes * 60000;
    const seconds = Math.floor(rest / 1000);
    const micro = Math.round((rest - seconds * 1000) * 1000);
    const clock = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}${micro ? `.${String(micro).padStart(6, '0')}` : ''}`;
    return `${sign}${days ? `${days} ` : ''}${clock}`;
  }
}

// Their refusals go through fail(), which the form's run records instead of throwing.
failsSoftly(DateField, TimeField, DateTimeField, DurationField);
