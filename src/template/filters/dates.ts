// Django's date and time filters (their format characters), timesince, and the tz
// library's localtime, utc and timezone filters.
import { displayTimezone, formatOffset, localtime, ZonedDateTime } from '../../conf/timezone';
import { TemplateRuntimeError } from '../errors';
import { toStr } from '../markup';
import { defineFilter } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** An instant's wall-clock fields: a ZonedDateTime, or the process's local time (USE_TZ off). */
type Wall = Pick<ZonedDateTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond' | 'weekday' | 'offset' | 'instant'> & { timeZone: string | null };

function localWall(d: Date): Wall {
  return {
    year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(),
    second: d.getSeconds(), millisecond: d.getMilliseconds(), weekday: d.getDay(), offset: -d.getTimezoneOffset(), instant: d, timeZone: null,
  };
}

/** The value as an instant: Dates, ZonedDateTimes, epoch milliseconds and ISO strings. */
function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (value instanceof ZonedDateTime) return value.instant;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string' && value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Wall-clock fields to show: a ZonedDateTime keeps its zone; other instants go to the display zone. */
function toWall(value: unknown): Wall | null {
  if (value instanceof ZonedDateTime) return value;
  const d = toDate(value);
  if (!d) return null;
  const zone = displayTimezone();
  return zone ? localtime(d, zone) : localWall(d);
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

const DAY = 86400000;
/** The wall date as a UTC midnight, for calendar arithmetic free of any zone. */
function utcDay(year: number, month: number, day: number): Date {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

/** ISO 8601 week number and week-numbering year. */
function isoWeek(w: Wall): [week: number, year: number] {
  const t = utcDay(w.year, w.month, w.day);
  t.setUTCDate(t.getUTCDate() + 3 - ((t.getUTCDay() + 6) % 7)); // the Thursday of this week
  const jan4 = utcDay(t.getUTCFullYear(), 1, 4);
  return [1 + Math.round(((t.getTime() - jan4.getTime()) / DAY - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7), t.getUTCFullYear()];
}

const abbreviations = new Map<string | null, Intl.DateTimeFormat>();
function zoneAbbreviation(w: Wall): string {
  let f = abbreviations.get(w.timeZone);
  if (!f) abbreviations.set(w.timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short', ...(w.timeZone ? { timeZone: w.timeZone } : {}) })));
  return f.formatToParts(w.instant).find((x) => x.type === 'timeZoneName')?.value ?? '';
}

/** Daylight saving time: the offset is above the year's standard (smaller) one. */
function isDst(w: Wall): boolean {
  const offsetAt = (month: number) => {
    const d = new Date(utcDay(w.year, month, 1).getTime());
    return w.timeZone ? localtime(d, w.timeZone).offset : -d.getTimezoneOffset();
  };
  return w.offset > Math.min(offsetAt(1), offsetAt(7));
}

/** One Django format character. */
function part(w: Wall, ch: string): string {
  const h = w.hour;
  const h12 = h % 12 || 12;
  switch (ch) {
    case 'd': return p2(w.day);
    case 'j': return String(w.day);
    case 'D': return DAYS[w.weekday].slice(0, 3);
    case 'l': return DAYS[w.weekday];
    case 'S': return ordinal(w.day);
    case 'w': return String(w.weekday);
    case 'z': return String(Math.round((utcDay(w.year, w.month, w.day).getTime() - utcDay(w.year, 1, 1).getTime()) / DAY) + 1);
    case 'W': return String(isoWeek(w)[0]);
    case 'm': return p2(w.month);
    case 'n': return String(w.month);
    case 'M': return MONTHS[w.month - 1].slice(0, 3);
    case 'b': return MONTHS[w.month - 1].slice(0, 3).toLowerCase();
    case 'F': return MONTHS[w.month - 1];
    case 'N': return MONTHS_AP[w.month - 1];
    case 'E': return MONTHS[w.month - 1];
    case 't': return String(utcDay(w.year, w.month + 1, 0).getUTCDate());
    case 'y': return p2(((w.year % 100) + 100) % 100);
    case 'Y': return String(w.year).padStart(4, '0');
    case 'L': { const y = w.year; return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 'True' : 'False'; }
    case 'o': return String(isoWeek(w)[1]);
    case 'a': return h < 12 ? 'a.m.' : 'p.m.';
    case 'A': return h < 12 ? 'AM' : 'PM';
    case 'g': return String(h12);
    case 'G': return String(h);
    case 'h': return p2(h12);
    case 'H': return p2(h);
    case 'i': return p2(w.minute);
    case 's': return p2(w.second);
    case 'u': return String(w.millisecond * 1000).padStart(6, '0');
    case 'f': return w.minute ? `${h12}:${p2(w.minute)}` : String(h12);
    case 'P': {
      if (h === 0 && w.minute === 0) return 'midnight';
      if (h === 12 && w.minute === 0) return 'noon';
      return `${part(w, 'f')} ${part(w, 'a')}`;
    }
    case 'O': return formatOffset(w.offset, false);
    case 'e': return w.timeZone === null ? formatOffset(w.offset, true) : w.timeZone;
    case 'T': return zoneAbbreviation(w);
    case 'Z': return String(w.offset * 60);
    case 'I': return isDst(w) ? '1' : '0';
    case 'U': return String(Math.floor(w.instant.getTime() / 1000));
    case 'c': return `${part(w, 'Y')}-${p2(w.month)}-${p2(w.day)}T${p2(h)}:${p2(w.minute)}:${p2(w.second)}${w.millisecond ? '.' + part(w, 'u') : ''}${formatOffset(w.offset, true)}`;
    case 'r': return `${part(w, 'D')}, ${part(w, 'd')} ${part(w, 'M')} ${part(w, 'Y')} ${part(w, 'H')}:${part(w, 'i')}:${part(w, 's')} ${part(w, 'O')}`;
  }
  return ch;
}

function formatWall(w: Wall, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '\\' && i + 1 < format.length) out += format[++i];
    else out += /[a-zA-Z]/.test(ch) ? part(w, ch) : ch;
  }
  return out;
}

/**
 * Formats with Django's date format characters; backslash escapes a character. The
 * wall clock is the display zone's (USE_TZ: activate()'s or TIME_ZONE), a
 * ZonedDateTime's own, or local time without USE_TZ.
 */
export function formatDate(value: Date | ZonedDateTime, format: string): string {
  const w = toWall(value);
  return w ? formatWall(w, format) : '';
}

/** `{{ post.created|date('N j, Y') }}`; the default is Django's DATE_FORMAT. */
export const date = defineFilter((value: unknown, format = 'N j, Y') => {
  const w = toWall(value);
  return w ? formatWall(w, toStr(format)) : '';
}, ['format']);

/** `{{ post.created|time }}`: Django's time filter, TIME_FORMAT 'P' by default. */
export const time = defineFilter((value: unknown, format = 'P') => {
  const w = toWall(value);
  return w ? formatWall(w, toStr(format)) : '';
}, ['format']);

/** `{{ value|localtime }}`: the instant in the current zone (Django's tz library). */
export const localtimeFilter = defineFilter((value: unknown) => {
  const d = toDate(value);
  return d ? localtime(d) : value;
});

/** `{{ value|utc }}`: the instant in UTC. */
export const utc = defineFilter((value: unknown) => {
  const d = toDate(value);
  return d ? localtime(d, 'UTC') : value;
});

/** `{{ value|timezone('Europe/Paris') }}`: the instant in that zone. */
export const timezoneFilter = defineFilter((value: unknown, zone: unknown) => {
  const d = toDate(value);
  if (!d) return value;
  try {
    return localtime(d, toStr(zone));
  } catch (error) {
    throw new TemplateRuntimeError(`timezone: ${(error as Error).message}`);
  }
}, ['tz']);

const UNITS: Array<[number, string, string]> = [
  [365 * 24 * 3600, 'year', 'years'],
  [30 * 24 * 3600, 'month', 'months'],
  [7 * 24 * 3600, 'week', 'weeks'],
  [24 * 3600, 'day', 'days'],
  [3600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
];

/** Django's timesince: up to two adjacent units, "0 minutes" for the future. */
export function timesinceString(from: Date, to: Date): string {
  let seconds = Math.floor((to.getTime() - from.getTime()) / 1000);
  if (seconds < 60) return '0 minutes';
  const parts: string[] = [];
  for (let i = 0; i < UNITS.length; i++) {
    const [size, one, many] = UNITS[i];
    const count = Math.floor(seconds / size);
    if (!count) continue;
    parts.push(`${count} ${count === 1 ? one : many}`);
    seconds -= count * size;
    const [nextSize, nextOne, nextMany] = UNITS[i + 1] ?? [];
    if (nextSize) {
      const next = Math.floor(seconds / nextSize);
      if (next) parts.push(`${next} ${next === 1 ? nextOne : nextMany}`);
    }
    break;
  }
  return parts.join(', ');
}

export const timesince = defineFilter((value: unknown, now?: unknown) => {
  const from = toDate(value);
  if (!from) return '';
  const to = now === undefined ? new Date() : toDate(now);
  if (!to) throw new TemplateRuntimeError('timesince: the comparison date is not a date');
  return timesinceString(from, to);
}, ['now']);

export const timeuntil = defineFilter((value: unknown, now?: unknown) => {
  const to = toDate(value);
  if (!to) return '';
  const from = now === undefined ? new Date() : toDate(now);
  return from ? timesinceString(from, to) : '';
}, ['now']);
