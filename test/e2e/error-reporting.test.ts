// What the real `hyper` prints when the user's code fails: framework frames under
// --traceback read as src/*.ts (dist/ ships source maps), and a circular import
// between two of the user's modules is named as a cycle with the line of the access.
import * as path from 'node:path';
import { makeTempDir, removeDir, REPO_ROOT, writeFiles } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-errors-');
  project = createProject(workspace, ['blog', 'shop']);
  writeFiles(project, {
    'blog/commands/crash.ts': [
      "import { BaseCommand } from 'hyperdjango/management';",
      'export default class Command extends BaseCommand {',
      '  handle(): never {',
      "    throw new Error('crashed on purpose');",
      '  }',
      '}',
      '',
    ].join('\n'),
  });
});
afterAll(() => removeDir(workspace));

test('--traceback shows the framework frames as src/*.ts lines, not dist/*.js', () => {
  const run = runHyper(['crash', '--traceback'], { cwd: project });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`${path.join(project, 'blog', 'commands', 'crash.ts')}:4:`);
  expect(run.stderr).toMatch(new RegExp(`${REPO_ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/src/management/[\\w/-]+\\.ts:\\d+:\\d+`));
  expect(run.stderr).not.toMatch(/dist\/src\/[\w/-]+\.js:\d+/);
});
