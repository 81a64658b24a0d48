// Dates in templates follow TIME_ZONE, not the process's TZ: the real CLI run under
// TZ=Pacific/Honolulu in a new project, with TIME_ZONE from the environment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-tz-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  // The scaffold writes TIME_ZONE and USE_TZ, which would win over HYPER_* variables.
  const settings = path.join(project, 'settings.ts');
  const text = fs.readFileSync(settings, 'utf8');
  const bare = text.replace("  TIME_ZONE: 'UTC',\n  USE_TZ: true,\n", '');
  expect(bare).not.toBe(text);
  fs.writeFileSync(settings, bare);
});
afterAll(() => removeDir(workspace));

// 2026-03-08 07:30 UTC: 21:30 the day before in Honolulu, 16:30 in Tokyo, 03:30 EDT in New York.
const SNIPPET = `const { fromString } = require('hyperdjango/template');
const { activate, override, getCurrentTimezone } = require('hyperdjango/utils/timezone');
const page = fromString("{{ d|date('Y-m-d H:i T') }}");
const d = new Date('2026-03-08T07:30:00Z');
console.log(await page.render({ d }));
console.log(await override('America/New_York', () => page.render({ d })));
activate('Europe/Paris');
console.log(getCurrentTimezone(), await page.render({ d }));`;

test.each([
  ['Asia/Tokyo', 'true', '2026-03-08 16:30 GMT+9'],
  ['America/New_York', 'true', '2026-03-08 03:30 EDT'],
  ['Asia/Tokyo', 'false', '2026-03-07 21:30 HST'],
])('TIME_ZONE=%s USE_TZ=%s under TZ=Pacific/Honolulu', (zone, useTz, first) => {
  const run = runHyper(['shell', '-c', SNIPPET], { cwd: project, env: { TZ: 'Pacific/Honolulu', HYPER_TIME_ZONE: zone, HYPER_USE_TZ: useTz } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toBe(first);
  // Without USE_TZ, dates stay in the process's local time even under an activated zone.
  expect(lines.slice(1)).toEqual(useTz === 'true' ? ['2026-03-08 03:30 EDT', 'Europe/Paris 2026-03-08 08:30 GMT+1'] : ['2026-03-07 21:30 HST', 'Europe/Paris 2026-03-07 21:30 HST']);
});

test('a TIME_ZONE that is not an IANA name is a settings error', () => {
  const run = runHyper(['check'], { cwd: project, env: { HYPER_TIME_ZONE: 'Mars/Olympus' } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("TIME_ZONE");
  expect(run.stderr).toContain("Mars/Olympus");
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
