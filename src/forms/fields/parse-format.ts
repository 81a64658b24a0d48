// Django's input formats ('%Y-%m-%d', '%m/%d/%y %H:%M') read a date or time: a small
// strptime for the directives Django's default formats use. Locale-free: %b and %B
// are English month names, as Django's formats without translation.
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const DIRECTIVES: Record<string, string> = {
  Y: '(\\d{4})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  y: '(\\d{2})',
  H: '(\\d{1,2})',
  M: '(\\d{1,2})',
  S: '(\\d{1,2})',
  f: '(\\d{1,6})',
  b: `(${MONTHS.join('|')})`,
  B: `(${FULL_MONTHS.join('|')})`,
};

const compiled = new Map<string, { regex: RegExp; fields: string[] }>();

function compile(format: string): { regex: RegExp; fields: string[] } {
  let found = compiled.get(format);
  if (found) return found;
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '%' && i + 1 < format.length) {
      const directive = format[++i];
      if (directive === '%') source += '%';
      else {
        source += DIRECTIVES[directive] ?? '';
        if (DIRECTIVES[directive]) fields.push(directive);
      }
    } else if (c === ' ') source += '\\s+';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  found = { regex: new RegExp(`^${source}$`, 'i'), fields };
  compiled.set(format, found);
  return found;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The wall time `text` gives in `format`, or null when it does not match or names no real date. */
export function parseFormat(text: string, format: string): WallTime | null {
  const { regex, fields } = compile(format);
  const match = regex.exec(text);
  if (!match) return null;
  const t: WallTime = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  fields.forEach((field, index) => {
    const value = match[index + 1];
    switch (field) {
      case 'Y': t.year = Number(value); break;
      case 'y': t.year = Number(value) + (Number(value) < 69 ? 2000 : 1900); break;
      case 'm': t.month = Number(value); break;
      case 'd': t.day = Number(value); break;
      case 'H': t.hour = Number(value); break;
      case 'M': t.minute = Number(value); break;
      case 'S': t.second = Number(value); break;
      case 'f': t.microsecond = Number(value.padEnd(6, '0')); break;
      case 'b': t.month = MONTHS.indexOf(value.toLowerCase()) + 1; break;
      case 'B': t.month = FULL_MONTHS.indexOf(value.toLowerCase()) + 1; break;
    }
  });
  if (t.year < 1 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > daysIn(t.year, t.month)) return null;
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return null;
  return t;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const isoDate = (t: WallTime) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
export const isoTime = (t: WallTime) => `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.microsecond ? `.${pad(t.microsecond, 6)}` : ''}`;
