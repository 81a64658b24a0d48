// Runs compiled template code. Template functions (a template's body, its blocks, macros)
// are generators that yield only when an expression's value is a thenable (a promise in
// the context, a QuerySet, an async filter's result). drive() runs one synchronously and
// returns its value when nothing was yielded, which is the common case and spares a
// promise and an await per include, block and macro. At the first thenable it goes on
// asynchronously, resuming the generator where it stopped: nothing runs twice.

export type TemplateCode<T = string> = Generator<unknown, T, unknown>;

/** The generator's return value, or a promise of it once it has yielded a thenable. */
export function drive<T>(code: TemplateCode<T>): T | Promise<T> {
  const step = code.next();
  return step.done ? step.value : resume(code, step.value);
}

async function resume<T>(code: TemplateCode<T>, pending: unknown): Promise<T> {
  for (;;) {
    let value: unknown;
    let failed = false;
    try {
      value = await pending;
    } catch (error) {
      value = error;
      failed = true;
    }
    // A rejection is thrown where the template waited, so its try/catch locates it.
    const step = failed ? code.throw(value) : code.next(value);
    if (step.done) return step.value;
    pending = step.value;
  }
}
