// The Django filters people miss most in Jinja2: pluralize, slugify, yesno,
// floatformat, intcomma.
import { TemplateRuntimeError } from '../errors';
import { toStr } from '../markup';
import { length } from './collections';
import { defineFilter } from './types';

export const pluralize = defineFilter((value: unknown, arg = 's') => {
  const parts = toStr(arg).split(',');
  if (parts.length > 2) return '';
  const [singular, plural] = parts.length === 1 ? ['', parts[0]] : parts;
  const count = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number(length(value));
  return count === 1 ? singular : plural;
}, ['arg']);

export const slugify = defineFilter((value: unknown, allowUnicode = false) => {
  let s = toStr(value);
  // eslint-disable-next-line no-control-regex -- the class is all of ASCII; what lies outside it is dropped
  s = allowUnicode ? s.normalize('NFKC') : s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  s = s.replace(/[^\w\s-]/gu, '').toLowerCase();
  return s.replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}, ['allow_unicode']);

export const yesno = defineFilter((value: unknown, arg = 'yes,no,maybe') => {
  const bits = toStr(arg).split(',');
  if (bits.length < 2) return value;
  const [yes, no, maybe = no] = bits;
  if (value === null || value === undefined) return maybe;
  return value ? yes : no;
}, ['arg']);

function group(intPart: string, sep = ','): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export const floatformat = defineFilter((value: unknown, arg: number | string = -1) => {
  const n = typeof value === 'number' ? value : Number(toStr(value));
  if (Number.isNaN(n) || (typeof value !== 'number' && toStr(value).trim() === '')) return '';
  let spec = String(arg);
  const grouping = /g/i.test(spec);
  spec = spec.replace(/[gu]/gi, '');
  const p = spec === '' ? -1 : Number(spec);
  if (!Number.isInteger(p)) throw new TemplateRuntimeError(`floatformat: invalid argument '${String(arg)}'`);
  const digits = Math.abs(p);
  // Round half away from zero, as Django's Decimal ROUND_HALF_UP does.
  const rounded = Math.sign(n) * Math.round(Math.abs(n) * 10 ** digits + 1e-9) / 10 ** digits;
  let s = p < 0 && Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(digits);
  if (s === '-0' || /^-0\.0*$/.test(s)) s = s.slice(1);
  if (grouping) {
    const [i, f] = s.split('.');
    s = group(i) + (f !== undefined ? '.' + f : '');
  }
  return s;
}, ['arg']);

export const intcomma = defineFilter((value: unknown) => {
  const s = toStr(value);
  if (!/^-?\d+(\.\d+)?$/.test(s.trim())) return value;
  const [i, f] = s.trim().split('.');
  return group(i) + (f !== undefined ? '.' + f : '');
});
