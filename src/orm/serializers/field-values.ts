// One field's value as fixture JSON holds it, and back: dates and times as ISO 8601
// text, decimals as strings (exact), JSON as JSON, bytes as base64, a foreign key as
// its target's key. Loading converts with the field's own toJs(), so a fixture value
// is accepted exactly when a form or a JSON body would be.
import { serializeParameter } from '../../db';
import type { AnyField } from '../fields/field';
import { JSONField } from '../fields/misc';

/**
 * A field's JS value as it is written into a fixture. Decided by the value's type
 * (which the field's fromDb() settles: a BinaryField's is a Buffer, a foreign key's
 * its target's), so the usual scalars cost one typeof.
 */
export function toFixtureValue(_field: AnyField, value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'undefined':
      return null;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return value;
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(field, ...), its own this
const jsonToJs = JSONField.prototype.toJs;

/** A fixture value as the field's JS value; throws the field's own message when it cannot be one. */
export function fromFixtureValue(field: AnyField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // JSONField's own toJs() only checks that the value serializes, which a value parsed from JSON does.
  if (field.toJs === jsonToJs) return value;
  return field.toJs(value);
}

/**
 * How a field's JS value travels in the JSON batch that loaddata's INSERT spreads into
 * rows (jsonb_populate_recordset): as the text a bound parameter would carry, read by
 * the column type's own input, except into a json or jsonb column, which takes the
 * JSON value itself.
 */
export function columnPayload(field: AnyField): (value: unknown) => unknown {
  const text = (value: unknown) => (value === null || value === undefined ? null : serializeParameter(field.toDb(value as never)));
  if (!/^jsonb?$/i.test(field.dbType)) return text;
  // JSONField's own toDb() is JSON.stringify: the value itself says the same.
  if (field.toDb === JSONField.prototype.toDb) return (value) => (value === undefined ? null : value);
  return (value) => {
    const json = text(value);
    return json === null ? null : JSON.parse(json);
  };
}
