// src/orm/migrations: Django's state-based migrations. The public entry point is
// hyperdjango/migrations, which migration files import:
//
//   import { Migration, operations, fields } from 'hyperdjango/migrations';
//   export default new Migration({ dependencies: [['blog', '0001_initial']], operations: [operations.AddField({ ... })] });
import * as fields from '../fields';
import * as operations from './operations';

export { fields, operations };
export { Migration } from './migration';
export type { MigrationKey, MigrationSpec } from './migration';
export { MigrationGraph } from './graph';
export { loadMigrations, appMigrationFiles, migrationsDir, MIGRATION_FILE } from './loader';
export { MigrationRecorder, RECORDER_TABLE } from './recorder';
export { ProjectState, ModelState } from './state';
export type { ModelStateOptions } from './state';
export { specOf, fieldFromSpec, compareSpecs, STATE_ONLY_OPTIONS, FIELD_CLASSES } from './field-specs';
export type { FieldSpec } from './field-specs';
export { SchemaEditor } from './schema-editor';
export { MigrationError } from './errors';
export { uuid4 } from '../fields';
export { detectChanges } from './autodetector';
export { optimize } from './optimizer';
export { writeMigration } from './writer';
import './checks';
