// The preset's globalTeardown: the test databases of the run dropped.
import type { TestDatabases } from '../test-databases';
import { TEARDOWN_KEY } from './shared';

export = async function globalTeardown(): Promise<void> {
  const databases = (globalThis as Record<symbol, unknown>)[TEARDOWN_KEY] as TestDatabases | undefined;
  await databases?.destroy();
};
