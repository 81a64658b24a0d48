// What a form is bound to: a QueryDict from request.form(), request.files, or a
// plain object (a JSON body). All are read through get/getList/has, so widgets need
// not know which they were given.
export interface FormData {
  get(name: string): unknown;
  getList(name: string): unknown[];
  has(name: string): boolean;
}

class ObjectData implements FormData {
  constructor(private readonly record: Record<string, unknown>) {}
  /** The value as the body holds it: an array stays one (a JSONField's value); a text field given one reads its last item, as from a QueryDict. */
  get(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.record, name) ? this.record[name] : undefined;
  }
  getList(name: string): unknown[] {
    if (!Object.prototype.hasOwnProperty.call(this.record, name)) return [];
    const value = this.record[name];
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
  }
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.record, name);
  }
}

const EMPTY: FormData = new ObjectData({});

/** A QueryDict or FileDict as it is; a plain object (JSON) read by key, an array as the values of a multiple choice. */
export function asFormData(source: FormData | Record<string, unknown> | null | undefined): FormData {
  if (!source) return EMPTY;
  if (typeof (source as FormData).getList === 'function' && typeof (source as FormData).has === 'function') return source as FormData;
  return new ObjectData(source as Record<string, unknown>);
}
