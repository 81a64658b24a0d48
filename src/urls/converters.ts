// Path converters: Django's int, str, slug, uuid and path, plus the project's own
// through registerConverter(). A converter is a regex (no anchors), toValue for
// the view and toUrl for reverse().
import { ImproperlyConfigured } from '../core/errors';

export interface Converter {
  regex: string;
  toValue(raw: string): unknown;
  toUrl(value: unknown): string;
}

const identity = (raw: string) => raw;
const asString = (value: unknown) => String(value);

const converters = new Map<string, Converter>([
  ['int', { regex: '[0-9]+', toValue: (raw) => Number(raw), toUrl: (v) => String(typeof v === 'number' ? Math.trunc(v) : v) }],
  ['str', { regex: '[^/]+', toValue: identity, toUrl: asString }],
  ['slug', { regex: '[-a-zA-Z0-9_]+', toValue: identity, toUrl: asString }],
  ['uuid', { regex: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', toValue: identity, toUrl: asString }],
  ['path', { regex: '.+', toValue: identity, toUrl: asString }],
]);
const builtin = new Set(converters.keys());

/** Adds a converter: registerConverter('year', { regex: '[0-9]{4}', toValue: Number, toUrl: String }). */
export function registerConverter(name: string, converter: { regex: string; toValue?: (raw: string) => unknown; toUrl?: (value: unknown) => string }): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ImproperlyConfigured(`Converter name '${name}' is not an identifier.`, { code: 'HYPER_URL_BAD_CONVERTER' });
  if (builtin.has(name)) throw new ImproperlyConfigured(`Converter '${name}' is built in and cannot be replaced.`, { code: 'HYPER_URL_BAD_CONVERTER' });
  try {
    new RegExp(converter.regex);
  } catch (error) {
    throw new ImproperlyConfigured(`Converter '${name}': invalid regex ${JSON.stringify(converter.regex)} (${(error as Error).message}).`, { code: 'HYPER_URL_BAD_CONVERTER' });
  }
  converters.set(name, { regex: converter.regex, toValue: converter.toValue ?? identity, toUrl: converter.toUrl ?? asString });
}

export function getConverter(name: string): Converter | undefined {
  return converters.get(name);
}

export function converterNames(): string[] {
  return [...converters.keys()];
}
