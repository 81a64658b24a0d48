// The whole repository type-checks (`npm run typecheck`): the framework, its
// commands and benchmarks, and the compile-time tests of the public API (such as
// test/auth/types.test.ts), which jest's transform does not check.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/temp-project';

test('tsc finds no type error', () => {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', path.join(REPO_ROOT, 'tsconfig.json')], { encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});
