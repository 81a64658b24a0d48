// Behaviour fixtures shared with Jinja2: every tag, filter and test, rendered by
// hyper and compared with the expected output (jinja-parity.test.ts checks the
// same expectations against the real Jinja2 when it is installed).
import { loadFixtures, renderFixture } from './support/fixtures';

for (const [file, fixtures] of loadFixtures()) {
  describe(file, () => {
    test.each(fixtures.map((fx) => [fx.name, fx] as const))('%s', async (_name, fx) => {
      expect(await renderFixture(fx)).toBe(fx.expected);
    });
  });
}
