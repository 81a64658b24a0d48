// The env.* helpers used inside settings modules. They read the process environment
// first, then the project's .env file, then the default given.
import { ImproperlyConfigured } from '../core/errors';
import { displayPath } from '../core/display-path';
import { userFrame } from '../core/user-frame';
import { parseBoolean, parseInteger, parseList } from './parse-env-value';

let dotenvValues: ReadonlyMap<string, string> = new Map();

/** The .env values the helpers see; set by the settings loader before the module runs. */
export function useDotenv(values: ReadonlyMap<string, string>): void {
  dotenvValues = values;
}

let reads: Set<string> | null = null;

/**
 * Starts noting the variables env.* reads (while the settings module runs); the
 * returned function stops and gives them, so that a message can name the variable
 * a setting really comes from (DEBUG, not HYPER_DEBUG, in a scaffolded project).
 */
export function recordEnvReads(): () => ReadonlySet<string> {
  const mine = new Set<string>();
  reads = mine;
  return () => {
    if (reads === mine) reads = null;
    return mine;
  };
}

function lookup(name: string): { raw: string; from: string } | undefined {
  reads?.add(name);
  const fromProcess = process.env[name];
  if (fromProcess !== undefined) return { raw: fromProcess, from: 'the environment' };
  const fromFile = dotenvValues.get(name);
  if (fromFile !== undefined) return { raw: fromFile, from: '.env' };
  return undefined;
}

/** " (settings.ts:4)": where in the user's code the helper was called. */
function callSite(): string {
  const frame = userFrame(new Error());
  return frame ? ` (${displayPath(frame.file)}:${frame.line})` : '';
}

function read<T>(name: string, fallback: T | undefined, hasFallback: boolean, parse: (raw: string) => T): T {
  const found = lookup(name);
  if (found === undefined) {
    if (hasFallback) return fallback as T;
    throw new ImproperlyConfigured(
      `Environment variable ${name} is not set and has no default${callSite()}. Set it in the environment or in .env.`,
      { code: 'HYPER_ENV_MISSING' },
    );
  }
  try {
    return parse(found.raw);
  } catch (error) {
    throw new ImproperlyConfigured(`Environment variable ${name} from ${found.from}: ${(error as Error).message}${callSite()}.`, { code: 'HYPER_ENV_BAD_VALUE', cause: error });
  }
}

export const env = {
  str(name: string, ...fallback: [string?]): string {
    return read(name, fallback[0], fallback.length > 0, (raw) => raw);
  },
  bool(name: string, ...fallback: [boolean?]): boolean {
    return read(name, fallback[0], fallback.length > 0, parseBoolean);
  },
  int(name: string, ...fallback: [number?]): number {
    return read(name, fallback[0], fallback.length > 0, parseInteger);
  },
  /** Comma-separated ("a, b") or a JSON array. */
  list(name: string, ...fallback: [string[]?]): string[] {
    return read(name, fallback[0], fallback.length > 0, parseList);
  },
};
