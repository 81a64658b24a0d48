// Rates as django-ratelimit writes them: '5/m' (5 a minute), '100/h', '10/s', '1000/d',
// and a number of units, '10/5m' (10 per five minutes).
import { ImproperlyConfigured } from '../core/errors';

export interface Rate {
  /** Requests allowed in one window. */
  limit: number;
  /** The window, in seconds. */
  window: number;
  /** The rate as written. */
  text: string;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const RATE = /^\s*(\d{1,9})\s*\/\s*(\d{0,6})\s*([smhd])\s*$/;
const parsed = new Map<string, Rate>();

/** The rate of '5/m', or a one-line error saying what a rate looks like. */
export function parseRate(text: unknown, where = 'rate'): Rate {
  if (typeof text === 'string') {
    const known = parsed.get(text);
    if (known) return known;
  }
  const match = typeof text === 'string' ? RATE.exec(text) : null;
  const limit = match ? Number(match[1]) : 0;
  const units = match ? Number(match[2] || '1') : 0;
  if (!match || limit < 1 || units < 1) {
    throw new ImproperlyConfigured(`${where} '${String(text)}' is not a rate: write a count, '/', and a period of s, m, h or d, as '5/m', '100/h', '10/s' or '10/5m'.`, { code: 'HYPER_RATELIMIT_BAD_RATE' });
  }
  const rate = { limit, window: units * UNITS[match[3]], text: text as string };
  if (parsed.size < 256) parsed.set(text as string, rate);
  return rate;
}
