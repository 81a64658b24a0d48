// UUIDField and JSONField.
import { failsSoftly, FormField, isEmptyValue, type FieldOptions } from '../field';
import { Textarea, type Widget } from '../widgets/widget';

const UUID_HEX = /^[0-9a-f]{32}$/i;

export class UUIDField<O extends FieldOptions<string> = FieldOptions<string>> extends FormField<string, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid UUID.' };
  /** As Python's UUID(): hyphens, braces and a 'urn:uuid:' prefix are allowed; the value is the canonical lower-case form. */
  override toPython(value: unknown): string | null {
    if (isEmptyValue(value)) return null;
    const hex = String(value).trim().replace(/^urn:uuid:/i, '').replace(/^\{|\}$/g, '').replace(/-/g, '');
    if (!UUID_HEX.test(hex)) return this.fail('invalid');
    const h = hex.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** Submitted text that is not JSON, kept so the form shows it back as typed. */
class InvalidJsonInput {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export class JSONField<T = unknown, O extends FieldOptions<T> = FieldOptions<T>> extends FormField<T, O> {
  protected override readonly defaultErrors: Record<string, string> = { required: 'This field is required.', invalid: 'Enter a valid JSON.' };
  protected override defaultWidget(): Widget {
    return new Textarea();
  }
  override toPython(value: unknown): T | null {
    if (this.disabled) return value as T;
    if (isEmptyValue(value)) return null;
    // A JSON body already holds the value; only text is parsed.
    if (typeof value !== 'string') return value as T;
    try {
      return JSON.parse(value) as T;
    } catch {
      return this.fail('invalid');
    }
  }
  override boundData(data: unknown, initial: unknown): unknown {
    if (this.disabled) return initial;
    if (typeof data !== 'string') return data;
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return new InvalidJsonInput(data);
    }
  }
  override prepareValue(value: unknown): unknown {
    if (value instanceof InvalidJsonInput) return value.text;
    return value === undefined ? value : JSON.stringify(value);
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let after: unknown;
    try {
      after = this.toPython(data);
    } catch {
      return true;
    }
    return JSON.stringify(initial ?? null) !== JSON.stringify(after ?? null);
  }
}

// Their refusals go through fail(), which the form's run records instead of throwing.
failsSoftly(UUIDField, JSONField);
