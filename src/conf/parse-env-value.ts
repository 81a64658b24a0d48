// How strings from the environment (or .env) become typed values. Shared by the
// env.* helpers and by HYPER_* settings, so both accept exactly the same spellings.
// A string that is not a value of the type is an InvalidArgument saying what was
// expected (badEnvValue); the caller puts the variable's name in front.
import { InvalidArgument } from '../core/errors';

/** What a parser throws for a string that is not a value of its type: "expected ..., got '...'". */
export function badEnvValue(message: string): InvalidArgument {
  return new InvalidArgument('HYPER_ENV_BAD_VALUE', message);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

export const BOOLEAN_SPELLINGS = 'true/false, 1/0, yes/no or on/off';

export function parseBoolean(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw badEnvValue(`expected a boolean (${BOOLEAN_SPELLINGS}), got '${raw}'`);
}

export function parseInteger(raw: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw badEnvValue(`expected an integer, got '${raw}'`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw badEnvValue(`expected an integer, got '${raw}' (too large)`);
  return value;
}

/** A JSON array, or a comma-separated list whose items are trimmed and never empty. */
export function parseList(raw: string): string[] {
  const text = raw.trim();
  if (text.startsWith('[')) {
    const value = parseJson(text);
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw badEnvValue(`expected a JSON array of strings, got '${raw}'`);
    }
    return value as string[];
  }
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw badEnvValue(`expected JSON, got '${raw}' (${(error as Error).message})`);
  }
}
