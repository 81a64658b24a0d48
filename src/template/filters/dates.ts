// Django's date filter (its format characters) and timesince.
import { TemplateRuntimeError } from '../errors';
import { toStr } from '../markup';
import { defineFilter } from './types';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string' && value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function isoWeek(d: Date): number {
  const t = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  t.setDate(t.getDate() + 3 - ((t.getDay() + 6) % 7));
  const jan4 = new Date(t.getFullYear(), 0, 4);
  return 1 + Math.round(((t.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getDay() + 6) % 7)) / 7);
}

function offset(d: Date, colon: boolean): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${p2(Math.floor(abs / 60))}${colon ? ':' : ''}${p2(abs % 60)}`;
}

/** One Django format character, in local time. */
function part(d: Date, ch: string): string {
  const h = d.getHours();
  const h12 = h % 12 || 12;
  switch (ch) {
    case 'd': return p2(d.getDate());
    case 'j': return String(d.getDate());
    case 'D': return DAYS[d.getDay()].slice(0, 3);
    case 'l': return DAYS[d.getDay()];
    case 'S': return ordinal(d.getDate());
    case 'w': return String(d.getDay());
    case 'z': return String(Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1);
    case 'W': return String(isoWeek(d));
    case 'm': return p2(d.getMonth() + 1);
    case 'n': return String(d.getMonth() + 1);
    case 'M': return MONTHS[d.getMonth()].slice(0, 3);
    case 'b': return MONTHS[d.getMonth()].slice(0, 3).toLowerCase();
    case 'F': return MONTHS[d.getMonth()];
    case 'N': return MONTHS_AP[d.getMonth()];
    case 'E': return MONTHS[d.getMonth()];
    case 't': return String(new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate());
    case 'y': return p2(d.getFullYear() % 100);
    case 'Y': return String(d.getFullYear()).padStart(4, '0');
    case 'L': { const y = d.getFullYear(); return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 'True' : 'False'; }
    case 'o': { const t = new Date(d); t.setDate(t.getDate() + 3 - ((t.getDay() + 6) % 7)); return String(t.getFullYear()); }
    case 'a': return h < 12 ? 'a.m.' : 'p.m.';
    case 'A': return h < 12 ? 'AM' : 'PM';
    case 'g': return String(h12);
    case 'G': return String(h);
    case 'h': return p2(h12);
    case 'H': return p2(h);
    case 'i': return p2(d.getMinutes());
    case 's': return p2(d.getSeconds());
    case 'u': return String(d.getMilliseconds() * 1000).padStart(6, '0');
    case 'f': return d.getMinutes() ? `${h12}:${p2(d.getMinutes())}` : String(h12);
    case 'P': {
      if (h === 0 && d.getMinutes() === 0) return 'midnight';
      if (h === 12 && d.getMinutes() === 0) return 'noon';
      return `${part(d, 'f')} ${part(d, 'a')}`;
    }
    case 'O': return offset(d, false);
    case 'e': return offset(d, true);
    case 'T': return Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '';
    case 'Z': return String(-d.getTimezoneOffset() * 60);
    case 'I': return '0';
    case 'U': return String(Math.floor(d.getTime() / 1000));
    case 'c': return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(h)}:${p2(d.getMinutes())}:${p2(d.getSeconds())}${d.getMilliseconds() ? '.' + part(d, 'u') : ''}${offset(d, true)}`;
    case 'r': return `${part(d, 'D')}, ${part(d, 'd')} ${part(d, 'M')} ${part(d, 'Y')} ${part(d, 'H')}:${part(d, 'i')}:${part(d, 's')} ${part(d, 'O')}`;
  }
  return ch;
}

/** Formats with Django's date format characters; backslash escapes a character. */
export function formatDate(d: Date, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '\\' && i + 1 < format.length) out += format[++i];
    else out += /[a-zA-Z]/.test(ch) ? part(d, ch) : ch;
  }
  return out;
}

/** `{{ post.created|date('N j, Y') }}`; the default is Django's DATE_FORMAT. */
export const date = defineFilter((value: unknown, format = 'N j, Y') => {
  const d = toDate(value);
  return d ? formatDate(d, toStr(format)) : '';
}, ['format']);

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
