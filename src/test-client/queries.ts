// Counting the SQL a piece of code runs: captureQueries() and assertNumQueries().
import { AssertionError } from 'node:assert';
import { DEFAULT_DB_ALIAS } from '../db/connection-handler';
import { observeQueries, type ExecutedQuery } from '../db/instrumentation';

export type { ExecutedQuery };

/** Runs `fn` and returns its result with the statements it ran on the alias (every alias with `using: '*'`). */
export async function captureQueries<T>(fn: () => Promise<T> | T, options: { using?: string } = {}): Promise<{ result: T; queries: ExecutedQuery[] }> {
  const using = options.using ?? DEFAULT_DB_ALIAS;
  const queries: ExecutedQuery[] = [];
  const result = await observeQueries((query) => {
    if (using === '*' || query.alias === using) queries.push(query);
  }, fn);
  return { result, queries };
}

/** Fails, listing the SQL, unless `fn` runs exactly `expected` statements on the alias. */
export async function assertNumQueries<T>(expected: number, fn: () => Promise<T> | T, options: { using?: string } = {}): Promise<T> {
  const { result, queries } = await captureQueries(fn, options);
  if (queries.length !== expected) {
    const listing = queries.map((query, index) => `  ${index + 1}. ${query.sql}`).join('\n');
    throw new AssertionError({
      message: `${queries.length} queries executed on '${options.using ?? DEFAULT_DB_ALIAS}', ${expected} expected.${queries.length ? `\nCaptured queries were:\n${listing}` : ''}`,
      actual: queries.length,
      expected,
      operator: 'assertNumQueries',
    });
  }
  return result;
}
