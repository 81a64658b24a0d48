// Checks the shared fixtures' expected outputs against the real Jinja2, so the
// fixtures encode Jinja2's semantics and not just what hyper happens to do.
// Fixtures marked `"jinja": false` document a deliberate difference (see their note).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadFixtures } from './support/fixtures';

const script = path.join(__dirname, 'support', 'render-jinja.py');
const probe = spawnSync('python3', ['-c', 'import jinja2'], { encoding: 'utf8' });
const haveJinja = probe.status === 0;

(haveJinja ? describe : describe.skip)('expected outputs match Jinja2 (python3 + jinja2)', () => {
  for (const [file, fixtures] of loadFixtures()) {
    test(file, () => {
      const run = spawnSync('python3', [script], { input: JSON.stringify(fixtures), encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as Array<{ name: string; output?: string; error?: string }>;
      const expected = new Map(fixtures.map((fx) => [fx.name, fx.expected]));
      const mismatches = results
        .filter((r) => r.output !== expected.get(r.name))
        .map((r) => ({ name: r.name, jinja: r.output ?? r.error, fixture: expected.get(r.name) }));
      expect(mismatches).toEqual([]);
      expect(results.length).toBe(fixtures.filter((fx) => fx.jinja !== false).length);
    });
  }
});
