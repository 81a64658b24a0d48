// Django's view decorators use functools.wraps, and so do ours: a decorator returns a
// new function (marking the one it was given would change every other route that
// uses it), and that function carries the wrapped view's name and attributes
// (asView()'s viewClass and viewName, a csrfExempt mark), so `hyper routes`, error
// messages and the middleware still see the view.

/** Any function: only its name and own properties are read, never its signature. */
type AnyFunction = (...args: never[]) => unknown;

/** Gives `wrapper` the name and own enumerable properties of `wrapped`; returns `wrapper`. */
export function wraps<F extends AnyFunction>(wrapped: AnyFunction, wrapper: F): F {
  Object.assign(wrapper, wrapped);
  Object.defineProperty(wrapper, 'name', { value: wrapped.name, configurable: true });
  return wrapper;
}
