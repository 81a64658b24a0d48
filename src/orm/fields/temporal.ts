// Dates and times. DateTimeField holds Date objects (timestamptz under USE_TZ);
// DateField and TimeField hold ISO strings, since JS has no date-only or time-only
// type and a Date at midnight shifts with time zones; DurationField holds milliseconds.
import { settings } from '../../conf/settings';
import { Field, invalidValue, type FieldOptions } from './field';

export interface AutoTimeOptions<T> extends FieldOptions<T> {
  /** Set to now on every save. */
  autoNow?: boolean;
  /** Set to now when first saved. */
  autoNowAdd?: boolean;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?$/;

function validDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

function autoNow<T>(options: AutoTimeOptions<T>, value: T | null, adding: boolean, now: () => T): T | null {
  return options.autoNow || (options.autoNowAdd && adding) ? now() : value;
}

export class DateField<O extends AutoTimeOptions<string> = AutoTimeOptions<string>> extends Field<string, O> {
  get dbType(): string {
    return 'date';
  }
  get editable(): boolean {
    return !this.options.autoNow && !this.options.autoNowAdd && super.editable;
  }
  get blank(): boolean {
    return this.options.autoNow === true || this.options.autoNowAdd === true || super.blank;
  }
  toJs(value: unknown): string | null {
    if (value === '') return null;
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && validDate(value.trim())) return value.trim();
    throw invalidValue(`'${String(value)}' value must be a valid date in YYYY-MM-DD format.`);
  }
  fromDb(value: unknown): string | null {
    return value instanceof Date ? value.toISOString().slice(0, 10) : (value as string | null);
  }
  preSave(value: string | null, adding: boolean): string | null {
    return autoNow(this.options, value, adding, () => new Date().toISOString().slice(0, 10));
  }
}

export class DateTimeField<O extends AutoTimeOptions<Date> = AutoTimeOptions<Date>> extends Field<Date, O> {
  get dbType(): string {
    return settings.USE_TZ === false ? 'timestamp without time zone' : 'timestamp with time zone';
  }
  get editable(): boolean {
    return !this.options.autoNow && !this.options.autoNowAdd && super.editable;
  }
  get blank(): boolean {
    return this.options.autoNow === true || this.options.autoNowAdd === true || super.blank;
  }
  toJs(value: unknown): Date | null {
    if (value === '') return null;
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw invalidValue(`'${String(value)}' value must be a valid date and time.`);
    return date;
  }
  fromDb(value: unknown): Date | null {
    return value === null || value instanceof Date ? value : new Date(value as string);
  }
  preSave(value: Date | null, adding: boolean): Date | null {
    return autoNow(this.options, value, adding, () => new Date());
  }
}

export class TimeField<O extends AutoTimeOptions<string> = AutoTimeOptions<string>> extends Field<string, O> {
  get dbType(): string {
    return 'time';
  }
  get blank(): boolean {
    return this.options.autoNow === true || this.options.autoNowAdd === true || super.blank;
  }
  toJs(value: unknown): string | null {
    if (value === '') return null;
    if (typeof value === 'string' && ISO_TIME.test(value.trim())) return value.trim();
    throw invalidValue(`'${String(value)}' value must be a valid time in HH:MM[:ss[.uuuuuu]] format.`);
  }
  preSave(value: string | null, adding: boolean): string | null {
    return autoNow(this.options, value, adding, () => new Date().toISOString().slice(11, 23));
  }
}

const UNIT_MS: Record<string, number> = { Y: 365 * 86400000, M: 30 * 86400000, W: 7 * 86400000, D: 86400000, H: 3600000, m: 60000, S: 1000 };

/** An ISO 8601 interval ('P1DT2H30M', '-PT0.5S') in milliseconds; months count 30 days, years 365. */
export function parseIsoDuration(text: string): number {
  const match = /^(-)?P(?:(-?[\d.]+)Y)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)W)?(?:(-?[\d.]+)D)?(?:T(?:(-?[\d.]+)H)?(?:(-?[\d.]+)M)?(?:(-?[\d.]+)S)?)?$/.exec(text);
  if (!match) throw invalidValue(`'${text}' is not an ISO 8601 duration (such as 'P1DT2H30M').`);
  const units = ['Y', 'M', 'W', 'D', 'H', 'm', 'S'];
  const total = units.reduce((sum, unit, index) => sum + Number(match[index + 2] ?? 0) * UNIT_MS[unit], 0);
  return Math.round((match[1] ? -total : total) * 1000) / 1000;
}

/** Time spans in milliseconds, stored as PostgreSQL intervals. */
export class DurationField<O extends FieldOptions<number> = FieldOptions<number>> extends Field<number, O> {
  get dbType(): string {
    return 'interval';
  }
  toJs(value: unknown): number | null {
    if (value === '') return null;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') return /^-?P/.test(value.trim()) ? parseIsoDuration(value.trim()) : Number.isFinite(Number(value)) ? Number(value) : NaN;
    throw invalidValue(`'${String(value)}' value must be a duration in milliseconds or ISO 8601.`);
  }
  toDb(value: number | null): unknown {
    return value === null ? null : `${value} milliseconds`;
  }
  fromDb(value: unknown): number | null {
    if (value === null || typeof value === 'number') return value;
    return parseIsoDuration(String(value));
  }
}
