// src/orm/inspect: models from an existing PostgreSQL schema (hyper inspectdb).
export { introspectTables } from './introspect';
export type { ColumnInfo, TableInfo } from './introspect';
export { writeModels, modelName } from './write-models';
