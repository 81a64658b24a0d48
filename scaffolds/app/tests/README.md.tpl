# Tests of the {{ app_name }} app

This folder is for the app's tests. `hyper test` is not available yet in this
version of HyperDjango: the framework's own test runner is still to come.

What works today: jest with the test client from `hyperdjango/test`, which runs
requests through the project's real settings, middleware, URLs and views (the
framework's docs/testing.md describes it). Install jest, and esbuild to compile the
TypeScript:

```sh
npm install --save-dev jest @types/jest esbuild
```

```js
// jest.config.js, in the project's folder
module.exports = { testEnvironment: 'node', transform: { '^.+\\.ts$': '<rootDir>/jest-transform.js' } };
```

```js
// jest-transform.js
const { transformSync } = require('esbuild');
module.exports = {
  process: (source, filename) => ({ code: transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: filename, sourcemap: 'inline' }).code }),
};
```

```ts
// {{ app_name }}/tests/views.test.ts
import { Client } from 'hyperdjango/test';

test('the index page answers', async () => {
  const res = await new Client().get('/{{ app_name }}/');
  expect(res.status).toBe(200);
});
```

Then `npx jest`.
