// Dates in templates are shown in TIME_ZONE (USE_TZ) or in the zone a request
// activated, whatever the process's own TZ; concurrent requests in different zones
// over real sockets, on both server adapters, do not see each other's zone.
import { resetSettings } from '../../src/conf/settings';
import { activate, deactivate, getCurrentTimezone, localtime, override } from '../../src/conf/timezone';
import { UnknownTimeZone } from '../../src/core/errors';
import type { Middleware, Request } from '../../src/http';
import { render } from '../../src/shortcuts';
import { fromString } from '../../src/template/engine';
import { startLiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

// 2026-03-08 07:30 UTC: 16:30 in Tokyo, 03:30 EDT in New York, half an hour after
// the spring-forward gap (02:00 EST -> 03:00 EDT); an hour earlier is 01:30 EST.
const AFTER = new Date('2026-03-08T07:30:00Z');
const BEFORE = new Date('2026-03-08T06:30:00Z');
const FORMAT = 'Y-m-d H:i T O e I';

// jest cannot change this process's TZ (its process.env is a copy): the e2e test
// test/e2e/timezone.test.ts runs the CLI under a TZ unlike TIME_ZONE.
beforeAll(() => {
  expect(['Asia/Tokyo', 'America/New_York']).not.toContain(Intl.DateTimeFormat().resolvedOptions().timeZone);
});
afterEach(() => {
  deactivate();
  setUrlconf(null);
  resetSettings();
});

const show = (d: Date, format = FORMAT) => fromString(`{{ d|date('${format}') }}`).render({ d });

test('USE_TZ: the date filter shows TIME_ZONE, across a DST change', async () => {
  setupWeb({ TIME_ZONE: 'Asia/Tokyo' });
  expect(await show(AFTER)).toBe('2026-03-08 16:30 GMT+9 +0900 Asia/Tokyo 0');
  setupWeb({ TIME_ZONE: 'America/New_York' });
  expect(await show(BEFORE)).toBe('2026-03-08 01:30 EST -0500 America/New_York 0');
  expect(await show(AFTER)).toBe('2026-03-08 03:30 EDT -0400 America/New_York 1');
  expect(await show(AFTER, 'c|r|U|P|l jS')).toBe('2026-03-08T03:30:00-04:00|Sun, 08 Mar 2026 03:30:00 -0400|1772955000|3:30 a.m.|Sunday 8th');
});

test('a date near midnight moves to the zone\'s day; time filter; localtime, utc and timezone filters', async () => {
  setupWeb({ TIME_ZONE: 'Asia/Tokyo' });
  const lateUtc = new Date('2026-12-31T20:00:00Z'); // already 2027 in Tokyo
  expect(await show(lateUtc, 'Y z W o')).toBe('2027 1 53 2026');
  expect(await fromString('{{ d|time }}|{{ d|time("H:i") }}').render({ d: AFTER })).toBe('4:30 p.m.|16:30');
  expect(await fromString("{{ d|utc|date('H:i e') }}|{{ d|timezone('America/New_York')|date('H:i T') }}|{{ d|localtime }}").render({ d: AFTER }))
    .toBe('07:30 UTC|03:30 EDT|2026-03-08T16:30:00+09:00');
  await expect(fromString("{{ d|timezone('Mars/Olympus') }}").render({ d: AFTER })).rejects.toThrow(/Unknown time zone 'Mars\/Olympus'/);
});

test('USE_TZ off: the process\'s local time, as before', async () => {
  setupWeb({ TIME_ZONE: 'Asia/Tokyo', USE_TZ: false });
  const p = (n: number) => String(n).padStart(2, '0');
  const local = `${AFTER.getFullYear()}-${p(AFTER.getMonth() + 1)}-${p(AFTER.getDate())} ${p(AFTER.getHours())}:${p(AFTER.getMinutes())}`;
  expect(await show(AFTER, 'Y-m-d H:i')).toBe(local);
});

test('activate, deactivate, override and localtime', async () => {
  setupWeb({ TIME_ZONE: 'Europe/Paris' });
  expect(getCurrentTimezone()).toBe('Europe/Paris');
  const seen = await override('Asia/Tokyo', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return [getCurrentTimezone(), await show(AFTER, 'H:i')];
  });
  expect(seen).toEqual(['Asia/Tokyo', '16:30']);
  expect(getCurrentTimezone()).toBe('Europe/Paris');
  expect(() => activate('Nowhere/Special')).toThrow(UnknownTimeZone);
  expect(() => activate('Nowhere/Special')).toThrow("Unknown time zone 'Nowhere/Special': use an IANA name such as 'UTC', 'Europe/Paris' or 'America/New_York'.");
  const ny = localtime(AFTER, 'America/New_York');
  expect({ ...ny, instant: undefined }).toMatchObject({ year: 2026, month: 3, day: 8, hour: 3, minute: 30, weekday: 0, offset: -240, timeZone: 'America/New_York' });
  expect(String(localtime(BEFORE, 'America/New_York'))).toBe('2026-03-08T01:30:00-05:00');
  expect(localtime(new Date('0099-06-01T12:00:00Z'), 'UTC').year).toBe(99);
});

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  test('concurrent requests each see the zone they activated, others TIME_ZONE', async () => {
    setupWeb({ TIME_ZONE: 'Europe/Paris' }, { 'when.html': "{{ d|date('H:i T') }}" });
    // All three requests are in flight together before any renders.
    let arrive!: () => void;
    const everyone = new Promise<void>((resolve) => {
      let count = 0;
      arrive = () => ++count === 3 && resolve();
    });
    setUrlconf([
      path('when/', async (request: Request) => {
        arrive();
        await everyone;
        return render(request, 'when.html', { d: AFTER });
      }),
    ]);
    // Activated synchronously, before any await: the risky case for a shared async context.
    const zoneFromQuery: Middleware = (next) => (request) => {
      const zone = request.query.get('tz');
      if (zone) activate(zone);
      return next(request);
    };
    const server = await startLiveServer({ adapter, log: () => undefined, middleware: [zoneFromQuery] });
    try {
      const get = (query: string) => fetch(`${server.url}/when/${query}`).then((res) => res.text());
      const answers = await Promise.all([get('?tz=Asia/Tokyo'), get('?tz=America/New_York'), get('')]);
      expect(answers).toEqual(['16:30 GMT+9', '03:30 EDT', '08:30 GMT+1']);
      expect(await get('')).toBe('08:30 GMT+1');
      expect(getCurrentTimezone()).toBe('Europe/Paris');
    } finally {
      await server.close();
    }
  });
});
