// Records each call of the URL resolver's resolve(), for the suite that checks a request
// is resolved once. Import it first: the mock must be in place before anything loads
// src/urls/resolver (the request, CSRF, the handler).
export const resolveCalls: string[] = [];

jest.mock('../../src/urls/resolver', () => {
  const actual = jest.requireActual<typeof import('../../src/urls/resolver')>('../../src/urls/resolver');
  return {
    ...actual,
    resolve: (...args: Parameters<typeof actual.resolve>) => {
      resolveCalls.push(args[0]);
      return actual.resolve(...args);
    },
  };
});
