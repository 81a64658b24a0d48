// Jinja2's numeric filters.
import { TemplateRuntimeError } from '../errors';
import { toStr } from '../markup';
import { defineFilter } from './types';

export const abs = defineFilter((value: unknown) => Math.abs(Number(value)));

export const float = defineFilter((value: unknown, defaultValue = 0.0) => {
  const n = typeof value === 'number' ? value : parseFloat(toStr(value).trim().replace(/_/g, ''));
  return Number.isNaN(n) || !/^[\s+-]*(\d|\.\d|inf|nan)/i.test(String(value)) ? defaultValue : n;
}, ['default']);

export const int = defineFilter((value: unknown, defaultValue = 0, base = 10) => {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : defaultValue;
  if (typeof value === 'boolean') return value ? 1 : 0;
  let s = toStr(value).trim().replace(/_/g, '');
  if (base === 16) s = s.replace(/^0x/i, '');
  else if (base === 8) s = s.replace(/^0o/i, '');
  else if (base === 2) s = s.replace(/^0b/i, '');
  const valid = { 2: /^[+-]?[01]+$/, 8: /^[+-]?[0-7]+$/, 16: /^[+-]?[0-9a-f]+$/i }[base as 2 | 8 | 16] ?? /^[+-]?\d+$/;
  if (valid.test(s)) return parseInt(s, base);
  // Jinja2 falls back to float(): '3.7' -> 3.
  const f = Number(s);
  return s !== '' && Number.isFinite(f) ? Math.trunc(f) : defaultValue;
}, ['default', 'base']);

/**
 * Python's round(): decided on the exact decimal value of the double (2.675 is
 * really 2.67499...), with exact halves going to the even neighbour.
 */
function pyRound(n: number, precision: number): number {
  if (!Number.isFinite(n) || precision < 0 || precision > 20) return Math.round(n * 10 ** precision) / 10 ** precision;
  const exact = Math.abs(n).toFixed(Math.min(100, precision + 30));
  const cut = exact.indexOf('.') + 1 + precision - (precision === 0 ? 1 : 0);
  const kept = exact.slice(0, precision === 0 ? exact.indexOf('.') : cut);
  const rest = exact.slice(precision === 0 ? exact.indexOf('.') + 1 : cut);
  let up = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
  if (rest[0] === '5' && !/[1-9]/.test(rest.slice(1))) up = Number(kept[kept.length - 1]) % 2 === 1;
  const base = Number(kept);
  const result = up ? base + 10 ** -precision : base;
  return Math.sign(n) * Number(result.toFixed(precision));
}

export const round = defineFilter((value: unknown, precision = 0, method = 'common') => {
  const n = Number(value);
  const f = 10 ** precision;
  switch (method) {
    case 'common': return pyRound(n, precision);
    case 'ceil': return Math.ceil(n * f) / f;
    case 'floor': return Math.floor(n * f) / f;
  }
  throw new TemplateRuntimeError("round: method must be 'common', 'ceil' or 'floor'");
}, ['precision', 'method']);

export const filesizeformat = defineFilter((value: unknown, binary = false) => {
  const bytes = Number(value);
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    if (bytes < unit || i === prefixes.length - 1) return `${((base * bytes) / unit).toFixed(1)} ${prefixes[i]}`;
  }
  return '';
}, ['binary']);
