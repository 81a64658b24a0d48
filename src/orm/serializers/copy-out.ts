// dumpdata's way on a PostgreSQL server: one `COPY (SELECT ...) TO STDOUT` in which the
// database writes each object's whole fixture text, model, pk, fields and many-to-many
// lists, with the same expressions as the row_to_json way (sql-values.ts), so the
// bytes are the ones serialize.ts writes and the process only passes them on. Used
// only where every value is one the database writes exactly: otherwise (another
// field type, natural keys, a datetime outside years 1-9999, a bigint pk past 2^53,
// PGlite) copyQuerySet() says no and serialize.ts reads the rows.
import { connections } from '../../db';
import { ForeignKey } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import { compileSelect } from '../query/compiler';
import { throughKeys } from '../query/path';
import type { QuerySet } from '../query/query-set';
import { hasNaturalKey } from './natural-keys';
import { isAutoCreatedManyToMany, quoteName as quote, type SerializeOptions } from './serialize';
import { sqlFixtureValue } from './sql-values';

// pg reads an int8 past this as a rounded number: such a pk is written by the process, as before.
const SAFE = '9007199254740991';

/**
 * The fixture objects of a QuerySet's rows as COPY writes them: one compact JSON text a
 * line ('\n' after each; JSON text holds no raw newline), in primary-key order. Undefined
 * when the database cannot write them exactly as serializeQuerySet() does.
 */
export async function copyQuerySet(set: QuerySet<Model>, options: SerializeOptions = {}): Promise<AsyncIterable<Buffer> | undefined> {
  const db = options.using ?? 'default';
  const model = set.model;
  const meta = optionsOf(model);
  if (options.inSql === false || (options.naturalPrimary && hasNaturalKey(model))) return undefined;
  const fields = meta.concreteFields.filter((field) => !field.primaryKey);
  const manyToMany = meta.manyToManyFields.filter(isAutoCreatedManyToMany);
  const relations = [...fields.filter((field): field is ForeignKey => field instanceof ForeignKey), ...manyToMany];
  if (options.naturalForeign && relations.some((field) => hasNaturalKey(field.target))) return undefined;
  const { statement, plan } = compileSelect(set.using(db).orderBy('pk').valuesList(meta.pk.attname, ...fields.map((field) => field.attname)).query);
  // COPY takes no parameters.
  if (statement.parameters.length) return undefined;
  const [pkAlias, ...aliases] = plan.extras.map((extra) => `s.${quote(extra.alias)}`);
  const pk = sqlFixtureValue(meta.pk, pkAlias);
  const values = fields.map((field, f) => sqlFixtureValue(field, aliases[f]));
  if (!pk || pk.outside || values.some((value) => value === undefined)) return undefined;
  const lists: string[] = [];
  for (const field of manyToMany) {
    const [source, target] = throughKeys(field);
    const member = sqlFixtureValue(target, `p.${quote(target.column)}`);
    if (!member || member.outside) return undefined;
    const through = quote(optionsOf(field.through!).dbTable);
    lists.push(`COALESCE((SELECT '[' || string_agg(to_json(${member.sql})::text, ',' ORDER BY p.${quote(target.column)}) || ']' FROM ${through} AS p WHERE p.${quote(source.column)} = ${pkAlias}), '[]')::json AS ${quote(field.name)}`);
  }
  // Rows the expressions do not cover are rare; when the table holds one, the rows are read as before.
  const outside = values.flatMap((value) => (value!.outside ? [`${value!.outside} IS NOT NULL`] : []));
  if (/int8|bigint|bigserial/i.test(meta.pk.dbType)) outside.push(`${pkAlias} NOT BETWEEN -${SAFE} AND ${SAFE}`);
  const connection = connections.get(db);
  if (outside.length) {
    const { rows } = await connection.execute({ sql: `SELECT EXISTS (SELECT 1 FROM (${statement.sql}) AS s WHERE ${outside.join(' OR ')}) AS "found"`, parameters: [] });
    if (rows[0]?.found) return undefined;
  }
  const named = [...values.map((value, f) => `${value!.sql} AS ${quote(fields[f].name)}`), ...lists];
  const label = `'${`${meta.appLabel}.${meta.modelName}`.replace(/'/g, "''")}'`;
  const body = `(SELECT row_to_json(f) FROM (SELECT ${named.join(', ')}) AS f)`;
  const object = `SELECT ${label}::text AS "model", ${pk.sql} AS "pk", ${named.length ? body : "'{}'::json"} AS "fields" FROM (${statement.sql}) AS s`;
  // CSV with a quote and a delimiter that JSON text never holds raw: each line is the text as it is.
  return connection.copyOut(`COPY (SELECT row_to_json(o)::text FROM (${object}) AS o) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`);
}
