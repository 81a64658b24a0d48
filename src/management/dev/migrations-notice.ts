// runserver prints Django's notice of unapplied migrations once it serves. Working it
// out opens the database: for the embedded one (PGlite) a second or more of CPU in
// each reloaded child, and a child asked to stop exits only once that is done, while
// its successor serves only after it has exited: saves a second apart took 1.3-3 s
// each to be served instead of 0.2-0.5 s. So a reloaded child prints the notice only
// when the project's migrations are not the ones an earlier child already reported on.
import type { WatchMessage } from './watch-list';

/** Set by the standby from the reloader's 'go': the migrations already reported on, one key a line. */
export const REPORTED_MIGRATIONS_ENV = 'HYPER_RUNSERVER_REPORTED_MIGRATIONS';

export interface MigrationsReportedMessage {
  type: 'hyper:migrations-reported';
  keys: string;
}

export function isMigrationsReported(message: { type?: string } | WatchMessage | undefined): message is MigrationsReportedMessage {
  return message?.type === 'hyper:migrations-reported' && typeof (message as MigrationsReportedMessage).keys === 'string';
}

/** True when an earlier child of this runserver reported on exactly these migrations. */
export function migrationsAlreadyReported(keys: readonly string[]): boolean {
  const previous = process.env[REPORTED_MIGRATIONS_ENV];
  return previous !== undefined && previous === keys.join('\n');
}

/** Tells the reloader (when there is one) that the notice for these migrations was worked out. */
export function sendMigrationsReported(keys: readonly string[]): void {
  if (process.send && process.connected) process.send({ type: 'hyper:migrations-reported', keys: keys.join('\n') } satisfies MigrationsReportedMessage);
}
