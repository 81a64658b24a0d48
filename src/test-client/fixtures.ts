// `static fixtures = ['posts']` on a TestCase: loaded through loaddata's loader
// (src/management/fixtures, from the fixtures work) inside the class's transaction,
// so they are rolled back with setUpTestData's rows. Loaded lazily: a class without
// fixtures never needs the loader.
type LoadFixtures = (labels: string[], options?: { database?: string }) => Promise<number>;

export async function loadTestFixtures(labels: readonly string[], database: string): Promise<void> {
  if (!labels.length) return;
  let load: LoadFixtures | undefined;
  try {
    load = (require('../management/fixtures/index') as { loadFixtures?: LoadFixtures }).loadFixtures;
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
  }
  if (!load) throw new Error(`This version of HyperDjango cannot load fixtures (${labels.join(', ')}): it has no fixture loader.`);
  await load([...labels], { database });
}
