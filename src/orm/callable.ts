// Expression classes usable without `new`, as in Django and the API sketch:
// Q({ ... }), F('views'), Count('id'). `new` and `instanceof` keep working.

type Constructor = abstract new (...args: never[]) => unknown;

export type Callable<C extends Constructor> = C & ((...args: ConstructorParameters<C>) => InstanceType<C>);

export function callable<C extends Constructor>(constructor: C): Callable<C> {
  return new Proxy(constructor, {
    apply: (target, _this, args) => Reflect.construct(target, args),
  }) as Callable<C>;
}
