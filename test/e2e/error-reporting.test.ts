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

describe('a circular import between two apps', () => {
  beforeAll(() => {
    writeFiles(project, {
      'blog/models.ts': [
        "import { CharField, model } from 'hyperdjango/db';",
        "import { Product } from '../shop/models';",
        '',
        'export class Author extends model({ name: CharField({ maxLength: 100 }) }) {}',
        'export const featuredProduct = () => Product;',
        '',
      ].join('\n'),
      'shop/models.ts': [
        "import { CharField, model } from 'hyperdjango/db';",
        "import { Author } from '../blog/models';",
        '',
        'export class Product extends model({ name: CharField({ maxLength: 100 }) }) {}',
        'export const madeBy = Author;',
        '',
      ].join('\n'),
    });
  });

  test('names the cycle and the line of the access', () => {
    const run = runHyper(['check'], { cwd: project });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('shop/models.ts:5:');
    expect(lines[0]).toContain('circular import: blog/models.ts -> shop/models.ts -> blog/models.ts');
    expect(lines[0]).toContain("'Author'");
    expect(lines[0]).not.toMatch(/models\.ts:1:1/);
  });

  test('--traceback keeps the original ReferenceError', () => {
    const run = runHyper(['check', '--traceback'], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("ReferenceError: Cannot access 'Author' before initialization");
    expect(run.stderr).toContain(`${path.join(project, 'shop', 'models.ts')}:5:`);
  });
});
