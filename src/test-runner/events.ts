// What a worker tells the runner, one JSON object a line on file descriptor 3 (the
// worker's stdout and stderr stay the test's own, for console.log()).

import type { WorkerDatabases } from './test-databases';

export const EVENTS_FD = 3;

/** The environment variable that carries a worker's WorkerConfig, as JSON. */
export const WORKER_ENV = 'HYPER_TEST_WORKER';

export interface WorkerConfig {
  files: string[];
  /** Per file, the classes or methods to run (a file not listed runs whole). */
  names: Record<string, string[]>;
  /** -k: a regular expression's source. */
  pattern?: string;
  settings?: string;
  databases: WorkerDatabases;
}

export interface FailureDetail {
  message: string;
  stack?: string;
  /** The first frame in the project's code: file, line, column (source-mapped to .ts). */
  location?: { file: string; line: number; column: number };
  /** For assertion errors whose message has no diff of its own. */
  actual?: string;
  expected?: string;
}

export type WorkerEvent =
  | { type: 'pass' | 'skip' | 'todo'; file: string; name: string; ms: number }
  | { type: 'fail'; file: string; name: string; ms: number; error: FailureDetail }
  | { type: 'ready'; ms: number }
  | { type: 'setup-failed'; message: string };
