// SQL that works on a database's rows rather than its schema, as Django's
// connection.ops has it: emptying the tables of the project's models (flush) and
// setting their key sequences past the largest key (after rows were written with
// explicit keys, as loaddata writes them).
import type { CompiledSql, Connection } from '../../db';
import { AutoField } from '../fields/numeric';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compiler, sql } from '../query/compile-context';

const quote = (name: string) => sql`${sql.id(name)}`.compile(compiler).sql;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The tables of these models (their pairs tables included) that exist on the database, sorted. */
export async function existingTables(connection: Connection, models: readonly ModelClass[]): Promise<string[]> {
  const wanted = [...new Set(models.map((model) => optionsOf(model).dbTable))];
  if (!wanted.length) return [];
  const result = await connection.execute<{ name: string }>({
    sql: 'SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (\'r\', \'p\') AND n.nspname = current_schema() AND c.relname = ANY($1) ORDER BY c.relname',
    parameters: [wanted],
  });
  return result.rows.map((row) => row.name);
}

/** One TRUNCATE of these tables that also restarts their identity sequences (none for no tables). */
export function flushStatements(tables: readonly string[]): string[] {
  return tables.length ? [`TRUNCATE ${tables.map(quote).join(', ')} RESTART IDENTITY CASCADE`] : [];
}

/** Per model with a generated key: a statement setting its sequence to the largest key (to 1, unused, for none). */
export function sequenceResetStatements(models: readonly ModelClass[]): CompiledSql[] {
  const out: CompiledSql[] = [];
  for (const model of models) {
    const meta = optionsOf(model);
    if (!(meta.pk instanceof AutoField)) continue;
    const column = quote(meta.pk.column);
    out.push({
      sql: `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${column}), 1), max(${column}) IS NOT null) FROM ${quote(meta.dbTable)}`,
      parameters: [quote(meta.dbTable), meta.pk.column],
    });
  }
  return out;
}

/** A statement with its parameters written in as literals, for printing (sqlsequencereset). */
export function inlineParameters(statement: CompiledSql): string {
  return statement.sql.replace(/\$(\d+)/g, (_, index: string) => literal(String(statement.parameters[Number(index) - 1])));
}
