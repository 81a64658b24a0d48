// The database error catalogue, after Python's DB-API (and so Django): one class per
// kind of failure, whichever backend raised it. Server errors keep PostgreSQL's
// SQLSTATE and the fields it names (constraint, table, column, detail), so code can
// tell *which* unique constraint failed without parsing messages.
import { HyperError } from '../core/errors';
import type { DatabaseConfig } from './config';
import { databaseName, describeDatabase, hidePassword } from './config';

export interface DatabaseErrorFields {
  /** The failure's own code, when one class covers several (docs/errors.md). */
  code?: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  detail?: string;
  hint?: string;
  cause?: unknown;
}

export class DatabaseError extends HyperError {
  readonly sqlState: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly schema: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, fields: DatabaseErrorFields = {}, classCode = 'HYPER_DB_ERROR') {
    super(fields.code ?? classCode, message, { cause: fields.cause });
    this.sqlState = fields.sqlState;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
    this.schema = fields.schema;
    this.detail = fields.detail;
    this.hint = fields.hint;
  }
}

/** A constraint failed: unique, foreign key, not null, check, exclusion (SQLSTATE class 23). */
export class IntegrityError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_INTEGRITY');
  }
}

/** A value does not fit its type: a bad cast, division by zero, a string too long (class 22). */
export class DataError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_DATA');
  }
}

/** The database could not be reached or gave up: connection, resources, shutdown, timeouts. */
export class OperationalError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_OPERATIONAL');
  }
}

/** The SQL is wrong: syntax, an unknown table or column, a privilege missing (class 42). */
export class ProgrammingError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_PROGRAMMING');
  }
}

/** The server does not support what was asked (class 0A). */
export class NotSupportedError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_NOT_SUPPORTED');
  }
}

/** atomic() was misused, or a query ran in a transaction that already failed. */
export class TransactionManagementError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields = {}) {
    super(message, fields, 'HYPER_DB_TRANSACTION');
  }
}

/** A query where the tests said none may run (SimpleTestCase). */
export class DatabaseAccessRefused extends DatabaseError {
  constructor(message: string) {
    super(message, {}, 'HYPER_DB_ACCESS_REFUSED');
  }
}

type ErrorClass = new (message: string, fields?: DatabaseErrorFields) => DatabaseError;

// By SQLSTATE class (the first two characters). Classes not listed are plain DatabaseErrors.
const BY_CLASS: Record<string, ErrorClass> = {
  '08': OperationalError, // connection exception
  '0A': NotSupportedError,
  '22': DataError,
  '23': IntegrityError,
  '25': TransactionManagementError, // invalid transaction state, e.g. 25P02 "transaction is aborted"
  '28': OperationalError, // authentication failed
  '3D': OperationalError, // the database does not exist
  '40': OperationalError, // serialization failure, deadlock: retrying may succeed
  '42': ProgrammingError,
  '53': OperationalError, // insufficient resources
  '54': OperationalError, // program limit exceeded
  '55': OperationalError, // object not in prerequisite state, lock not available
  '57': OperationalError, // operator intervention: statement timeout, shutdown
  '58': OperationalError, // system error
  XX: DatabaseError,
};

// Node's errors when the server cannot be reached at all.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const DRIVER_CONNECTION_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|getaddrinfo/i;

interface ServerErrorShape {
  message: string;
  code: string;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  detail?: string;
  hint?: string;
}

// Duck-typed, not instanceof: PGlite's errors may come from another realm (see pglite-connection.ts).
function isErrorLike(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && typeof (error as Error).message === 'string';
}

function isServerError(error: unknown): error is ServerErrorShape {
  if (!isErrorLike(error)) return false;
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  // Both pg and PGlite parse the server's ErrorResponse into an object with these.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/**
 * The framework's error for whatever a driver threw: server errors by SQLSTATE,
 * connection failures as OperationalError naming the database (password hidden).
 * Anything else (a TypeError in user code, an error already translated) is returned
 * as it is.
 */
export function translateError(error: unknown, config: DatabaseConfig): unknown {
  if (error instanceof DatabaseError || !isErrorLike(error)) return error;
  if (isServerError(error)) {
    const ErrorType = BY_CLASS[error.code.slice(0, 2)] ?? DatabaseError;
    const fields: DatabaseErrorFields = {
      sqlState: error.code,
      constraint: error.constraint || undefined,
      table: error.table || undefined,
      column: error.column || undefined,
      schema: error.schema || undefined,
      detail: error.detail || undefined,
      hint: error.hint || undefined,
      cause: error,
    };
    let message = hidePassword(error.message, config);
    if (fields.detail) message += ` (${hidePassword(fields.detail, config)})`;
    // Failures to connect or log in name the database, since the server's message does not.
    if (/^(08|28|3D)/.test(error.code)) {
      message = `${connectFailure(config)}: ${message}. ${connectHint(error.code, config)}`;
    }
    return new ErrorType(message, fields);
  }
  const code = (error as Error & { code?: unknown }).code;
  if ((typeof code === 'string' && NETWORK_CODES.has(code)) || DRIVER_CONNECTION_MESSAGE.test(error.message)) {
    const reason = hidePassword(error.message.split('\n')[0] || String(code), config);
    return new OperationalError(`${connectFailure(config)}: ${reason}. ${connectHint('08', config)}`, { cause: error });
  }
  return error;
}

function connectFailure(config: DatabaseConfig): string {
  return `Cannot use database '${config.alias}' (${describeDatabase(config)})`;
}

/** What to do about a failure to connect, by SQLSTATE ('08' for a server that cannot be reached). */
function connectHint(sqlState: string, config: DatabaseConfig): string {
  const where = `DATABASES['${config.alias}'] (DATABASE_URL in a new project)`;
  if (sqlState === '3D000') {
    const name = nameIn(config);
    return `Create it${name ? ` (createdb ${name})` : ''}, or point ${where} at one that exists.`;
  }
  if (sqlState.startsWith('28')) return `Check the user and password in ${where}.`;
  return `Is PostgreSQL running and accepting connections there? Start it, or fix ${where}.`;
}

function nameIn(config: DatabaseConfig): string | undefined {
  try {
    return databaseName(new URL(config.url ?? '')) || undefined;
  } catch {
    return undefined;
  }
}
