// One field's value as fixture JSON holds it, and back: dates and times as ISO 8601
// text, decimals as strings (exact), JSON as JSON, bytes as base64, a foreign key as
// its target's key. Loading converts with the field's own toJs(), so a fixture value
// is accepted exactly when a form or a JSON body would be.
import type { AnyField } from '../fields/field';
import { BinaryField } from '../fields/misc';
import { ForeignKey } from '../fields/related';

/** A field's JS value as it is written into a fixture. */
export function toFixtureValue(field: AnyField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field instanceof ForeignKey) return toFixtureValue(field.targetField, value);
  if (value instanceof Date) return value.toISOString();
  if (field instanceof BinaryField || Buffer.isBuffer(value)) return Buffer.from(value as Uint8Array).toString('base64');
  if (typeof value === 'bigint') return String(value);
  return value;
}

/** A fixture value as the field's JS value; throws the field's own message when it cannot be one. */
export function fromFixtureValue(field: AnyField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return field.toJs(value);
}
