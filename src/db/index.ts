// src/db: the database layer beneath the ORM. Parsing DATABASES, connections to a
// PostgreSQL server (pg.Pool) or the embedded PGlite (locked to one process), one
// Kysely dialect over both, identical type parsing on both, the error catalogue,
// transactions (atomic, onCommit) that follow the async context, and routers.
// Imports only src/core, src/conf, src/apps and src/checks.
export { parseDatabaseConfig, maskUrl, describeDatabase, DEFAULT_POOL_SIZE, DEFAULT_APPLICATION_NAME } from './config';
export type { BackendKind, DatabaseConfig } from './config';
export type { Connection, CompiledSql, QueryResult } from './connection';
export { ConnectionHandler, connections, DEFAULT_DB_ALIAS } from './connection-handler';
export { atomic, onCommit, inAtomicBlock, markForRollback } from './transaction';
export { observeQueries, refuseDatabaseAccess, allowDatabaseAccess } from './instrumentation';
export type { ExecutedQuery } from './instrumentation';
export type { AtomicOptions, OnCommitOptions } from './transaction';
export {
  DatabaseError,
  IntegrityError,
  DataError,
  OperationalError,
  ProgrammingError,
  NotSupportedError,
  TransactionManagementError,
  DatabaseAccessRefused,
  translateError,
} from './errors';
export { ConnectionRouter, routeForRead, routeForWrite, allowRelation, allowMigrate } from './routers';
export type { DatabaseRouter, RouterHints, RouterEntry } from './routers';
export { TYPE_PARSERS, typeParser, parseArray, OID } from './type-parsers';
export type { TypeParser } from './type-parsers';
export { serializeParameter } from './parameters';
export { splitStatements } from './sql-script';
export { lockDataDir } from './pglite-lock';
