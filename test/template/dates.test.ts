// Django's date and timesince filters (dates cannot live in the JSON fixtures).
import { Environment } from '../../src/template/environment';

const env = new Environment();
const render = (source: string, context: Record<string, unknown>) => env.fromString(source).render(context);
// Local time, as Django renders in the current time zone.
const d = new Date(2026, 0, 5, 14, 7, 9);

test.each([
  ['N j, Y', 'Jan. 5, 2026'],
  ['Y-m-d H:i:s', '2026-01-05 14:07:09'],
  ['D, d M y', 'Mon, 05 Jan 26'],
  ['l jS F', 'Monday 5th January'],
  ['g:i a', '2:07 p.m.'],
  ['h A', '02 PM'],
  ['P', '2:07 p.m.'],
  ['n/j/y', '1/5/26'],
  ['z t L', '5 31 False'],
  ['\\Y\\e\\a\\r: Y', 'Year: 2026'],
  ['W', '2'],
])('date(%s)', async (format, expected) => {
  expect(await render(`{{ d|date(f) }}`, { d, f: format })).toBe(expected);
});

test('date: default format, strings and empty values', async () => {
  expect(await render('{{ d|date }}', { d })).toBe('Jan. 5, 2026');
  expect(await render('{{ d|date("Y") }}', { d: '2026-03-04T10:00:00' })).toBe('2026');
  expect(await render('[{{ d|date("Y") }}]', { d: null })).toBe('[]');
  expect(await render('{{ d|date("P") }}|{{ n|date("P") }}', { d: new Date(2026, 0, 1, 0, 0), n: new Date(2026, 0, 1, 12, 0) })).toBe('midnight|noon');
});

test('timesince / timeuntil', async () => {
  const now = new Date(2026, 5, 10, 12, 0, 0);
  const at = (ms: number) => new Date(now.getTime() - ms);
  const h = 3600 * 1000;
  expect(await render('{{ a|timesince(now) }}', { a: at(30 * 1000), now })).toBe('0 minutes');
  expect(await render('{{ a|timesince(now) }}', { a: at(5 * 60 * 1000), now })).toBe('5 minutes');
  expect(await render('{{ a|timesince(now) }}', { a: at(26 * h), now })).toBe('1 day, 2 hours');
  expect(await render('{{ a|timesince(now) }}', { a: at(15 * 24 * h), now })).toBe('2 weeks, 1 day');
  expect(await render('{{ a|timesince(now) }}', { a: at(400 * 24 * h), now })).toBe('1 year, 1 month');
  expect(await render('{{ now|timeuntil(a) }}', { a: at(3 * h), now })).toBe('3 hours');
});
