// TypeScript to CommonJS through esbuild, with an inline source map so stack traces
// point at .ts lines. esbuild is required only on a cache miss.
import * as path from 'node:path';
import { UserCodeError } from '../errors';
import { displayPath } from '../display-path';
import type { TransformCache } from './transform-cache';

const LOADERS: Record<string, 'ts' | 'tsx'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx' };
// Bump when the options below change, so old cache entries are not reused.
const OPTIONS_VERSION = '1';

let compilerVersion: string | undefined;

function esbuildVersion(): string {
  compilerVersion ??= `${OPTIONS_VERSION}:${(require('esbuild/package.json') as { version: string }).version}`;
  return compilerVersion;
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}

export function transformTypeScript(source: string, filename: string, cache?: TransformCache): string {
  const key = cache?.key(filename, source, esbuildVersion());
  const cached = key === undefined ? undefined : cache!.get(key);
  if (cached !== undefined) return cached;

  const esbuild = require('esbuild') as typeof import('esbuild');
  let code: string;
  try {
    code = esbuild.transformSync(source, {
      loader: LOADERS[path.extname(filename)] ?? 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      logLevel: 'silent',
    }).code;
  } catch (error) {
    throw syntaxError(error, filename);
  }
  if (key !== undefined) cache!.set(key, code);
  return code;
}

function syntaxError(error: unknown, filename: string): unknown {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return error;
  const line = first.location?.line ?? 1;
  // esbuild counts columns from 0; editors and people count from 1.
  const column = (first.location?.column ?? 0) + 1;
  return new UserCodeError(
    'HYPER_SYNTAX_ERROR',
    `${displayPath(filename)}:${line}:${column}: SyntaxError: ${first.text}`,
    { file: filename, line, column },
  );
}
