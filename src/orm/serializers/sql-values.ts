// Fixture values written by PostgreSQL: for the built-in field types whose fixture form
// the database can write exactly as toFixtureValue() does (field-values.ts), dumpdata
// has the server build each row's "fields" object (row_to_json), so the process only
// joins text, instead of parsing every value and serializing it again. A model with
// any other field (a float, a duration, bytes, an array, a project's own field class)
// is dumped value by value as before. test/orm/serializers.test.ts checks that both
// ways write the same fixture.
import { settings } from '../../conf/settings';
import type { AnyField } from '../fields/field';
import { BooleanField, JSONField, UUIDField } from '../fields/misc';
import { AutoField, BigAutoField, BigIntegerField, DecimalField, IntegerField, PositiveIntegerField, SmallIntegerField } from '../fields/numeric';
import { ForeignKey, OneToOneField } from '../fields/related';
import { DateField, DateTimeField, TimeField } from '../fields/temporal';
import { CharField, EmailField, SlugField, TextField, URLField } from '../fields/text';

/** How PostgreSQL writes a field's fixture value: an SQL expression of its column's value, and for datetimes the value when it falls outside what that expression covers. */
export interface SqlValue {
  sql: string;
  /** The raw value when the expression cannot write it (a year outside 1-9999): the process writes it. */
  outside?: string;
}

// Exact classes only: a subclass may read or write its values its own way.
const AS_IS = new Set<unknown>([CharField, TextField, SlugField, EmailField, URLField, UUIDField, BooleanField, JSONField, IntegerField, SmallIntegerField, PositiveIntegerField, BigIntegerField, AutoField, BigAutoField]);
// Their text form is the fixture's: decimals exact, dates and times as PostgreSQL writes them.
const AS_TEXT = new Set<unknown>([DecimalField, DateField, TimeField]);

/** `value` is the SQL of the column's value; undefined when the field's type is not one the database writes exactly. */
export function sqlFixtureValue(field: AnyField, value: string): SqlValue | undefined {
  if (field.constructor === ForeignKey || field.constructor === OneToOneField) return sqlFixtureValue((field as ForeignKey).targetField, value);
  if (AS_IS.has(field.constructor)) return { sql: value };
  if (AS_TEXT.has(field.constructor)) return { sql: `${value}::text` };
  if (field.constructor === DateTimeField) {
    // toISOString()'s form: milliseconds (truncated, as the driver reads them) and Z, in UTC.
    const utc = settings.USE_TZ === false ? value : `(${value} AT TIME ZONE 'UTC')`;
    const covered = `${utc} >= '0001-01-01' AND ${utc} < '10000-01-01'`;
    return { sql: `CASE WHEN ${covered} THEN to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`, outside: `CASE WHEN ${covered} THEN NULL ELSE ${value} END` };
  }
  return undefined;
}
