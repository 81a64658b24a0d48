// DATABASES entries, parsed once into one shape. A value is a URL string or an
// options object ({ URL, POOL_SIZE, STATEMENT_TIMEOUT, APPLICATION_NAME, TEST }):
//
//   'postgres://user:password@host:5432/name?pool=10&statement_timeout=5000&application_name=x'
//   'pglite:.hyper/db'   embedded PostgreSQL in a folder (relative to BASE_DIR)
//   'pglite:memory:'     embedded PostgreSQL in memory, gone when the process ends
import * as path from 'node:path';
import { ImproperlyConfigured } from '../core/errors';
import { didYouMean } from '../core/suggest';

export type BackendKind = 'postgres' | 'pglite';

export interface DatabaseConfig {
  alias: string;
  kind: BackendKind;
  /** postgres: the connection URL without the options this layer reads itself. */
  url?: string;
  /** pglite: an absolute folder, or 'memory://'. */
  dir?: string;
  poolSize: number;
  /** Milliseconds; the server cancels a statement that runs longer. */
  statementTimeout?: number;
  applicationName?: string;
  /** TEST.NAME: the database `hyper test` creates on the server (default 'test_' + the name). */
  testName?: string;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_APPLICATION_NAME = 'hyperdjango';
export const PGLITE_MEMORY = 'memory://';

const OBJECT_KEYS = ['URL', 'POOL_SIZE', 'STATEMENT_TIMEOUT', 'APPLICATION_NAME', 'TEST'];
const TEST_KEYS = ['NAME'];
const URL_OPTIONS = ['pool', 'statement_timeout', 'application_name'];

export function parseDatabaseConfig(alias: string, value: string | Record<string, unknown>, baseDir: string): DatabaseConfig {
  const where = `DATABASES['${alias}']`;
  if (typeof value === 'string') return parseUrl(alias, value, baseDir, where, {});
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImproperlyConfigured(`${where} must be a URL string or an object with URL, got ${typeof value}.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  for (const key of Object.keys(value)) {
    if (!OBJECT_KEYS.includes(key)) {
      const hint = didYouMean(key, OBJECT_KEYS) || ` The options are ${OBJECT_KEYS.join(', ')}.`;
      throw new ImproperlyConfigured(`${where} has an unknown option '${key}'.${hint}`, { code: 'HYPER_DB_BAD_CONFIG' });
    }
  }
  if (typeof value.URL !== 'string') {
    throw new ImproperlyConfigured(`${where}.URL must be a database URL string such as 'postgres://user@localhost/name' or 'pglite:.hyper/db'.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  const overrides: Overrides = {
    poolSize: optionalInteger(value.POOL_SIZE, `${where}.POOL_SIZE`, 1),
    statementTimeout: optionalInteger(value.STATEMENT_TIMEOUT, `${where}.STATEMENT_TIMEOUT`, 0),
    applicationName: optionalString(value.APPLICATION_NAME, `${where}.APPLICATION_NAME`),
  };
  const config = parseUrl(alias, value.URL, baseDir, where, overrides);
  if (value.TEST !== undefined) config.testName = testName(value.TEST, `${where}.TEST`);
  return config;
}

function testName(value: unknown, where: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ImproperlyConfigured(`${where} must be an object such as { NAME: 'test_mysite' }, got ${JSON.stringify(value)}.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  for (const key of Object.keys(value)) {
    if (!TEST_KEYS.includes(key)) {
      throw new ImproperlyConfigured(`${where} has an unknown option '${key}'.${didYouMean(key, TEST_KEYS) || ` The options are ${TEST_KEYS.join(', ')}.`}`, { code: 'HYPER_DB_BAD_CONFIG' });
    }
  }
  const name = (value as Record<string, unknown>).NAME;
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(name)) {
    throw new ImproperlyConfigured(`${where}.NAME must be a database name of letters, digits and underscores (at most 63), got ${JSON.stringify(name)}.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  return name;
}

interface Overrides {
  poolSize?: number;
  statementTimeout?: number;
  applicationName?: string;
}

function parseUrl(alias: string, raw: string, baseDir: string, where: string, overrides: Overrides): DatabaseConfig {
  const value = raw.trim();
  if (value.startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length);
    if (rest === '') throw new ImproperlyConfigured(`${where}: 'pglite:' needs a folder, e.g. 'pglite:.hyper/db', or 'pglite:memory:'.`, { code: 'HYPER_DB_BAD_CONFIG' });
    const inMemory = rest === 'memory:' || rest === 'memory://' || rest === '//memory';
    const root = baseDir || process.cwd();
    return {
      alias,
      kind: 'pglite',
      dir: inMemory ? PGLITE_MEMORY : path.resolve(root, rest.startsWith('//') ? rest.slice(2) : rest),
      // One embedded database is one PostgreSQL backend: statements take turns.
      poolSize: 1,
      statementTimeout: overrides.statementTimeout,
      applicationName: overrides.applicationName,
    };
  }
  const refusal = unsupportedUrl(alias, value);
  if (refusal) throw new ImproperlyConfigured(refusal, { code: 'HYPER_DB_UNSUPPORTED_URL' });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ImproperlyConfigured(`${where}: '${maskUrl(value)}' is not a valid URL.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  const params = url.searchParams;
  const fromUrl: Overrides = {
    poolSize: optionalInteger(params.get('pool') ?? undefined, `${where}: the 'pool' URL option`, 1),
    statementTimeout: optionalInteger(params.get('statement_timeout') ?? undefined, `${where}: the 'statement_timeout' URL option`, 0),
    applicationName: params.get('application_name') ?? undefined,
  };
  // The rest (sslmode, ...) stays in the URL for pg to read.
  for (const name of URL_OPTIONS) params.delete(name);
  return {
    alias,
    kind: 'postgres',
    url: url.toString(),
    poolSize: overrides.poolSize ?? fromUrl.poolSize ?? DEFAULT_POOL_SIZE,
    statementTimeout: overrides.statementTimeout ?? fromUrl.statementTimeout,
    applicationName: overrides.applicationName ?? fromUrl.applicationName ?? DEFAULT_APPLICATION_NAME,
  };
}

/** The URLs DATABASES takes, as messages name them. */
export const SUPPORTED_DATABASE_URLS =
  'postgres://user:password@host:5432/name (or postgresql://) for a PostgreSQL server, or pglite:<folder> or pglite:memory: for the embedded database';

/**
 * The one-line refusal of a URL no backend here can connect to (undefined when its
 * scheme is supported). It names the scheme only: the rest may hold a password.
 */
export function unsupportedUrl(alias: string, url: string): string | undefined {
  const value = url.trim();
  if (value.startsWith('pglite:') || /^postgres(ql)?:\/\//i.test(value)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  const what = !scheme
    ? 'a URL with no scheme'
    : /^postgres(ql)?$/.test(scheme)
      ? `'${scheme}:' without '//'`
      : `the scheme '${scheme}:', which is not supported`;
  return `DATABASES['${alias}'] uses ${what}; use ${SUPPORTED_DATABASE_URLS}.`;
}

function optionalInteger(value: unknown, what: string, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
    throw new ImproperlyConfigured(`${what} must be an integer of at least ${min}, got ${JSON.stringify(value)}.`, { code: 'HYPER_DB_BAD_CONFIG' });
  }
  return number;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ImproperlyConfigured(`${what} must be a string, got ${JSON.stringify(value)}.`, { code: 'HYPER_DB_BAD_CONFIG' });
  return value;
}

/** A URL fit to print: the password replaced by '***'. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
      return parsed.toString();
    }
    return url;
  } catch {
    // Not a URL the WHATWG parser takes: hide whatever sits between ':' and '@'.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
  }
}

/** How the database reads in a message: its URL (password hidden) or its folder. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'postgres') return maskUrl(config.url ?? '');
  return config.dir === PGLITE_MEMORY ? 'pglite:memory:' : `pglite:${config.dir}`;
}

/** A server database's name, from the path of its URL ('' when it names none). */
export function databaseName(url: URL): string {
  return decodeURIComponent(url.pathname.replace(/^\//, ''));
}

/** `text` with the configured password, raw or URL-encoded, replaced by '***'. */
export function hidePassword(text: string, config: DatabaseConfig): string {
  if (config.kind !== 'postgres' || !config.url) return text;
  let password: string;
  try {
    password = new URL(config.url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  let result = text.split(config.url).join(maskUrl(config.url));
  for (const form of new Set([password, safeDecode(password)])) {
    // A short password would match innocent text; those are only hidden inside URLs above.
    if (form.length >= 4) result = result.split(form).join('***');
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
