// Before makemigrations warns that a drop loses data, it looks: a column or table that
// is empty on the default database loses nothing, one that holds rows is named with
// their count, and when the database cannot be asked the warning stays as it is.
import * as fs from 'node:fs';
import { connections, DEFAULT_DB_ALIAS } from '../../db/connection-handler';
import { PGLITE_MEMORY } from '../../db/config';
import { compiler, sql } from '../query/compile-context';
import type { Risk } from './project-changes';

export interface DataLocation {
  table: string;
  /** Only rows with a value in this column count. */
  column?: string;
}

/** The rows that hold data there; 0 when the table does not exist (yet). */
async function rowsAt(location: DataLocation): Promise<number> {
  const connection = connections.get(DEFAULT_DB_ALIAS);
  const { config } = connection;
  // An embedded database that was never created holds nothing; opening it would create it.
  if (config.kind === 'pglite' && config.dir !== PGLITE_MEMORY && !fs.existsSync(config.dir!)) return 0;
  const exists = await connection.execute<{ found: boolean }>({ sql: 'SELECT to_regclass($1) IS NOT NULL AS found', parameters: [`"${location.table.replace(/"/g, '""')}"`] });
  if (!exists.rows[0]?.found) return 0;
  const table = sql.id(location.table);
  const query = location.column
    ? sql`SELECT count(*) AS n FROM ${table} WHERE ${sql.id(location.column)} IS NOT NULL`
    : sql`SELECT count(*) AS n FROM ${table}`;
  const result = await connection.execute<{ n: string }>(query.compile(compiler));
  return Number(result.rows[0].n);
}

/** The warnings to print: drops of empty columns and tables left out, counts added to the others. */
export async function describeRisks(risks: readonly Risk[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const risk of risks) {
    if (!risk.data) {
      warnings.push(risk.message);
      continue;
    }
    let rows: number;
    try {
      rows = await rowsAt(risk.data);
    } catch (error) {
      warnings.push(`${risk.message} (the '${DEFAULT_DB_ALIAS}' database could not be checked for it: ${(error as Error).message.split('\n')[0]}).`);
      continue;
    }
    if (rows > 0) warnings.push(`${risk.message}: ${rows} ${rows === 1 ? 'row holds' : 'rows hold'} a value on the '${DEFAULT_DB_ALIAS}' database.`);
  }
  return warnings;
}
