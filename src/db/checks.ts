// db.E001, db.E002: DATABASES entries no connection can be made from, reported by
// `hyper check` (and every command that runs the checks) instead of at the first query.
// They read the settings only; nothing here connects.
import { CheckError, type CheckMessage } from '../checks/messages';
import { register, Tags, type CheckContext } from '../checks/registry';
import { ImproperlyConfigured } from '../core/errors';
import { parseDatabaseConfig, unsupportedUrl } from './config';

type DatabaseEntry = string | Record<string, unknown>;

/** The URL of an entry, in either form; undefined when it has none to read. */
function entryUrl(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { URL?: unknown }).URL === 'string') return (value as { URL: string }).URL;
  return undefined;
}

export function checkDatabaseSettings({ settings }: CheckContext): CheckMessage[] {
  const databases = (settings.values.DATABASES ?? {}) as Record<string, DatabaseEntry>;
  const baseDir = typeof settings.values.BASE_DIR === 'string' ? settings.values.BASE_DIR : '';
  const messages: CheckMessage[] = [];
  for (const [alias, value] of Object.entries(databases)) {
    const url = entryUrl(value);
    const refusal = url === undefined ? undefined : unsupportedUrl(alias, url);
    if (refusal) {
      messages.push(
        new CheckError(refusal, {
          id: 'db.E001',
          hint: "HyperDjango runs on PostgreSQL: a server, or the embedded PGlite. In a new project DATABASE_URL sets DATABASES['default'].",
        }),
      );
      continue;
    }
    try {
      parseDatabaseConfig(alias, value, baseDir);
    } catch (error) {
      if (!(error instanceof ImproperlyConfigured)) throw error;
      messages.push(new CheckError(error.message, { id: 'db.E002', hint: 'An entry is a URL string, or an object of URL, POOL_SIZE, STATEMENT_TIMEOUT and APPLICATION_NAME.' }));
    }
  }
  return messages;
}

register(checkDatabaseSettings, Tags.settings);
