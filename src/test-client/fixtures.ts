// `static fixtures = ['posts']` on a TestCase: loaded through loaddata's loader inside
// the class's transaction, so they are rolled back with setUpTestData's rows.
import type { loadFixtures } from '../management/fixtures';

export async function loadTestFixtures(labels: readonly string[], database: string): Promise<void> {
  if (!labels.length) return;
  // Required lazily: a test run whose classes have no fixtures never loads the data commands.
  const load = (require('../management/fixtures') as { loadFixtures: typeof loadFixtures }).loadFixtures;
  await load([...labels], { database });
}
