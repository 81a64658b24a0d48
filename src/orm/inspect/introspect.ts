// What a PostgreSQL schema holds, read from the catalogue (names bound as parameters):
// tables, their columns with types, nullability and identity, primary keys, single-column
// unique constraints and foreign keys. inspectdb writes models from it.
import type { Connection } from '../../db';

export interface ColumnInfo {
  name: string;
  /** format_type(): 'character varying(200)', 'numeric(10,2)', 'timestamp with time zone', 'integer[]'. */
  type: string;
  nullable: boolean;
  /** An identity column, or a serial one (a nextval() default). */
  generated: boolean;
  primaryKey: boolean;
  unique: boolean;
  references?: { table: string; column: string; onDelete: string };
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
}

/** The tables of the current schema (all, or these names), sorted, each with its columns in order. */
export async function introspectTables(connection: Connection, only: readonly string[] = [], exclude: readonly string[] = []): Promise<TableInfo[]> {
  const tables = await connection.execute<{ name: string }>({
    sql: `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND (cardinality($1::text[]) = 0 OR c.relname = ANY($1)) AND NOT (c.relname = ANY($2))
          ORDER BY c.relname`,
    parameters: [only, exclude],
  });
  const names = tables.rows.map((row) => row.name);
  if (!names.length) return [];
  const columns = await connection.execute<{ table: string; name: string; type: string; notnull: boolean; identity: string; serial: boolean }>({
    sql: `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, a.attidentity AS identity,
                 coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false) AS serial
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE n.nspname = current_schema() AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY c.relname, a.attnum`,
    parameters: [names],
  });
  const constraints = await connection.execute<{ table: string; kind: string; columns: string[]; target: string | null; targetColumns: string[] | null; onDelete: string }>({
    sql: `SELECT c.relname AS table, k.contype AS kind,
                 ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(num, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num ORDER BY u.i) AS columns,
                 t.relname AS target,
                 ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(num, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num ORDER BY u.i) AS "targetColumns",
                 k.confdeltype AS "onDelete"
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class t ON t.oid = k.confrelid
          WHERE n.nspname = current_schema() AND c.relname = ANY($1) AND k.contype IN ('p', 'u', 'f')
          ORDER BY c.relname, k.conname`,
    parameters: [names],
  });
  // A unique index that is not a constraint (CREATE UNIQUE INDEX) makes a column unique too.
  const uniqueIndexes = await connection.execute<{ table: string; column: string }>({
    sql: `SELECT c.relname AS table, a.attname AS column FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE n.nspname = current_schema() AND c.relname = ANY($1) AND i.indisunique AND NOT i.indisprimary AND i.indnatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL`,
    parameters: [names],
  });
  return names.map((table) => {
    const own = constraints.rows.filter((row) => row.table === table);
    const single = (kind: string) => own.filter((row) => row.kind === kind && row.columns.length === 1);
    const primary = new Set(single('p').map((row) => row.columns[0]));
    const unique = new Set([...single('u').map((row) => row.columns[0]), ...uniqueIndexes.rows.filter((row) => row.table === table).map((row) => row.column)]);
    return {
      name: table,
      columns: columns.rows
        .filter((row) => row.table === table)
        .map((row) => {
          const key = single('f').find((constraint) => constraint.columns[0] === row.name);
          return {
            name: row.name,
            type: row.type,
            nullable: !row.notnull,
            generated: row.identity !== '' || row.serial,
            primaryKey: primary.has(row.name),
            unique: unique.has(row.name),
            references: key ? { table: key.target!, column: key.targetColumns![0], onDelete: key.onDelete } : undefined,
          };
        }),
    };
  });
}
