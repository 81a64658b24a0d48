// Parses Django-style route patterns ('/blog/<int:id>/<slug:slug>/') into
// static runs and converters. Shared by the TypeScript router and by the
// validation done before a table is handed to the native router.
import { ServerConfigError } from './errors';

export const BUILTIN_CONVERTERS = ['int', 'str', 'slug', 'uuid', 'path'] as const;
export type BuiltinConverter = (typeof BUILTIN_CONVERTERS)[number];

/** A custom converter: a JS regex source (no anchors, no capture groups needed) and a to-value function. */
export interface CustomConverter {
  regex: string;
  toValue?: (raw: string) => unknown;
}

export type PatternPart = { kind: 'static'; text: string } | { kind: 'param'; name: string; converter: string };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parsePattern(pattern: string, custom: Record<string, CustomConverter> = {}): PatternPart[] {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new ServerConfigError(`route pattern ${JSON.stringify(pattern)} must be a string starting with '/'`);
  }
  const parts: PatternPart[] = [];
  let run = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '>') throw new ServerConfigError(`route pattern ${JSON.stringify(pattern)} has an unbalanced '>'`);
    if (c !== '<') {
      run += c;
      i++;
      continue;
    }
    const close = pattern.indexOf('>', i);
    if (close < 0) throw new ServerConfigError(`route pattern ${JSON.stringify(pattern)} has an unbalanced '<'`);
    const inner = pattern.slice(i + 1, close);
    const colon = inner.indexOf(':');
    const converter = colon < 0 ? 'str' : inner.slice(0, colon);
    const name = colon < 0 ? inner : inner.slice(colon + 1);
    if (!IDENT.test(name)) {
      throw new ServerConfigError(`route pattern ${JSON.stringify(pattern)}: parameter name ${JSON.stringify(name)} is not an identifier`);
    }
    if (!(BUILTIN_CONVERTERS as readonly string[]).includes(converter) && !Object.hasOwn(custom, converter)) {
      throw new ServerConfigError(
        `route pattern ${JSON.stringify(pattern)}: unknown converter ${JSON.stringify(converter)} (built in: ${BUILTIN_CONVERTERS.join(', ')}; or register it in converters)`,
      );
    }
    if (parts.some((p) => p.kind === 'param' && p.name === name)) {
      throw new ServerConfigError(`route pattern ${JSON.stringify(pattern)} repeats the parameter ${JSON.stringify(name)}`);
    }
    if (run) parts.push({ kind: 'static', text: run });
    run = '';
    parts.push({ kind: 'param', name, converter });
    i = close + 1;
  }
  if (run) parts.push({ kind: 'static', text: run });
  return parts;
}

export function usesOnlyBuiltins(parts: PatternPart[]): boolean {
  return parts.every((p) => p.kind === 'static' || (BUILTIN_CONVERTERS as readonly string[]).includes(p.converter));
}
