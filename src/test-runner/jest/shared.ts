// What the preset's global set-up hands to each test file: the databases of each jest
// worker, in an environment variable (the workers start after the set-up, with its
// environment).
import { ImproperlyConfigured } from '../../core/errors';
import type { WorkerDatabases } from '../test-databases';

export const JEST_DATABASES_ENV = 'HYPER_JEST_DATABASES';

/** Where the global set-up keeps what the teardown drops (the same process runs both). */
export const TEARDOWN_KEY = Symbol.for('hyperdjango.jest.testDatabases');

/** The databases of this jest worker (JEST_WORKER_ID counts from 1; in band, it is 1). */
export function workerDatabases(): WorkerDatabases {
  const encoded = process.env[JEST_DATABASES_ENV];
  if (!encoded) {
    throw new ImproperlyConfigured("hyperdjango's jest set-up found no test databases: use the preset (preset: 'hyperdjango' in jest.config.js), whose globalSetup makes them.", { code: 'HYPER_TEST_JEST_NO_DATABASES' });
  }
  const workers = JSON.parse(encoded) as WorkerDatabases[];
  return workers[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % workers.length];
}
