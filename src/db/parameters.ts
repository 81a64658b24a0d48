// Parameters go to both backends as PostgreSQL text that this module writes, so a
// value means the same on a server and on the embedded database (pg and PGlite each
// have their own, differing, conversions; both pass strings through untouched).
//
//   null, undefined   NULL
//   string            as is
//   number, bigint    decimal text ('NaN', 'Infinity' for floats)
//   boolean           'true' / 'false'
//   Date              ISO 8601 in UTC ('2024-05-01T10:00:00.000Z'); an invalid Date is an error
//   Buffer, Uint8Array bytea hex ('\x0102')
//   array             an array literal of the elements ('{1,2,NULL}'); nested arrays too
//   other objects     JSON (for json/jsonb). A JSON *array* must be passed as
//                     JSON.stringify(value): a JS array means a PostgreSQL array.
import { DataError } from './errors';

export function serializeParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new DataError(`A query parameter cannot be a ${typeof value}.`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DataError('A query parameter is an invalid Date.');
    return value.toISOString();
  }
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  const toPostgres = (value as { toPostgres?: () => unknown }).toPostgres;
  if (typeof toPostgres === 'function') return serializeParameter(toPostgres.call(value));
  return JSON.stringify(value);
}

export function serializeParameters(values: readonly unknown[]): (string | null)[] {
  return values.map(serializeParameter);
}

function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = serializeParameter(item)!;
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}
