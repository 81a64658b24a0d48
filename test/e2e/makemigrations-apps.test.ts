// Two apps whose models point at each other: makemigrations splits the cycle over two
// migrations of the first app, with dependencies across apps, and migrate applies them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;
const hyper = (...args: string[]) => runHyper(args, { cwd: project });

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-makemigrations-apps-');
  project = createProject(workspace, ['alpha', 'beta']);
  writeFiles(project, {
    'alpha/models.ts': "import { CharField, ForeignKey, model } from 'hyperdjango/db';\nexport class A extends model({ name: CharField({ maxLength: 10 }), b: ForeignKey('beta.B', { onDelete: 'CASCADE', null: true, relatedName: 'as' }) }) {}\n",
    'beta/models.ts': "import { CharField, ForeignKey, model } from 'hyperdjango/db';\nexport class B extends model({ name: CharField({ maxLength: 10 }), a: ForeignKey('alpha.A', { onDelete: 'CASCADE', relatedName: 'bs' }) }) {}\n",
  });
});
afterAll(() => removeDir(workspace));

it('splits a foreign key cycle between apps, and the migrations apply', () => {
  const run = hyper('makemigrations');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toBe(
    "Migrations for 'alpha':\n  alpha/migrations/0001_initial.ts\n    + Create model A\n  alpha/migrations/0002_a_b.ts\n    + Add field b to a\n" +
      "Migrations for 'beta':\n  beta/migrations/0001_initial.ts\n    + Create model B\n",
  );
  const read = (file: string) => fs.readFileSync(path.join(project, file), 'utf8');
  expect(read('beta/migrations/0001_initial.ts')).toContain("dependencies: [['alpha', '0001_initial']],");
  expect(read('alpha/migrations/0002_a_b.ts')).toContain("dependencies: [['alpha', '0001_initial'], ['beta', '0001_initial']],");
  const migrate = hyper('migrate');
  expect(migrate.code).toBe(0);
  expect(migrate.stdout).toMatch(/alpha\.0001_initial[\s\S]*beta\.0001_initial[\s\S]*alpha\.0002_a_b/);
  expect(hyper('makemigrations')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
});

it('writes a new model of one app that points at another app after that app\'s leaf', () => {
  writeFiles(project, {
    'beta/models.ts': "import { CharField, ForeignKey, model } from 'hyperdjango/db';\nexport class B extends model({ name: CharField({ maxLength: 10 }), a: ForeignKey('alpha.A', { onDelete: 'CASCADE', relatedName: 'bs' }) }) {}\nexport class C extends model({ a: ForeignKey('alpha.A', { onDelete: 'CASCADE', relatedName: 'cs' }) }) {}\n",
  });
  const run = hyper('makemigrations', 'beta');
  expect(run.stdout).toBe("Migrations for 'beta':\n  beta/migrations/0002_c.ts\n    + Create model C\n");
  expect(fs.readFileSync(path.join(project, 'beta/migrations/0002_c.ts'), 'utf8')).toContain("dependencies: [['alpha', '0002_a_b'], ['beta', '0001_initial']],");
  expect(hyper('migrate').code).toBe(0);
});
