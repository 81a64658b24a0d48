// migrate --check-drift: the live schema (pg_catalog) against the state of the applied
// migrations: tables and columns missing or extra, types and NULL that differ.
import type { Connection } from '../../db';
import { optionsOf } from '../model/prepare';
import { RECORDER_TABLE } from './recorder';
import type { ProjectState } from './state';

interface LiveColumn {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
}

/** Our column types as PostgreSQL's format_type() spells them. */
export function normalizeType(type: string): string {
  return type
    .replace(/^varchar\((\d+)\)/, 'character varying($1)')
    .replace(/^numeric\((\d+), (\d+)\)/, 'numeric($1,$2)')
    .replace(/^time$/, 'time without time zone')
    .replace(/^varchar\((\d+)\)\[\]$/, 'character varying($1)[]');
}

export async function schemaDrift(connection: Connection, state: ProjectState): Promise<string[]> {
  const rows = await connection.execute<{ table: string; column: string; type: string; not_null: boolean }>({
    sql: `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type", a.attnotnull AS not_null
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    parameters: [],
  });
  const live = new Map<string, Map<string, LiveColumn>>();
  for (const row of rows.rows) {
    if (!live.has(row.table)) live.set(row.table, new Map());
    live.get(row.table)!.set(row.column, { table: row.table, column: row.column, type: row.type, notNull: row.not_null });
  }
  const differences: string[] = [];
  const expectedTables = new Set<string>([RECORDER_TABLE]);
  const models = [...state.render().values()];
  for (const model of models.flatMap((m) => [m, ...optionsOf(m).manyToManyFields.map((field) => field.through!)])) {
    const meta = optionsOf(model);
    expectedTables.add(meta.dbTable);
    const table = live.get(meta.dbTable);
    if (!table) {
      differences.push(`Table ${meta.dbTable} (${meta.label}) is missing from the database.`);
      continue;
    }
    const expectedColumns = new Set<string>();
    for (const field of meta.concreteFields) {
      expectedColumns.add(field.column);
      const column = table.get(field.column);
      if (!column) {
        differences.push(`Column ${meta.dbTable}.${field.column} (${meta.objectName}.${field.name}) is missing from the database.`);
        continue;
      }
      const expectedType = normalizeType(field.dbType);
      if (column.type !== expectedType) differences.push(`Column ${meta.dbTable}.${field.column} is ${column.type} in the database, ${expectedType} in the migrations.`);
      const expectedNotNull = !field.nullable || field.primaryKey;
      if (column.notNull !== expectedNotNull) differences.push(`Column ${meta.dbTable}.${field.column} is ${column.notNull ? 'NOT NULL' : 'nullable'} in the database, ${expectedNotNull ? 'NOT NULL' : 'nullable'} in the migrations.`);
    }
    for (const name of [...table.keys()].sort()) if (!expectedColumns.has(name)) differences.push(`Column ${meta.dbTable}.${name} is in the database but in no migration.`);
  }
  for (const name of [...live.keys()].sort()) if (!expectedTables.has(name)) differences.push(`Table ${name} is in the database but in no migration.`);
  return differences;
}
