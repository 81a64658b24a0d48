// The shape of filter and test functions, and the metadata the compiler reads.

/** What a filter marked `passEnv` receives first: the environment and the autoescape state. */
export interface EvalInfo {
  env: FilterEnvironment;
  autoescape: boolean;
}

/** The part of the environment filters such as map() and select() need. */
export interface FilterEnvironment {
  filters: Record<string, FilterFunction>;
  tests: Record<string, TestFunction>;
}

export interface FilterFunction {
  // Each filter declares the arguments it expects; the engine passes whatever the template holds.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- so that a filter of (value: string) is a FilterFunction
  (...args: any[]): unknown;
  /** Names of the arguments after the value, so keyword arguments can be placed. */
  params?: readonly string[];
  /** Called as f(evalInfo, value, ...args). */
  passEnv?: boolean;
  /** Built-in filters are synchronous; others may return a promise, which is awaited. */
  builtin?: boolean;
}

export type TestFunction = FilterFunction;

/** Declares a built-in filter's argument names and needs. */
export function defineFilter<F extends (...args: never[]) => unknown>(fn: F, params: readonly string[] = [], passEnv = false): F & FilterFunction {
  const f = fn as F & FilterFunction;
  f.params = params;
  f.passEnv = passEnv;
  f.builtin = true;
  return f;
}
