// Which commands run which checks, through the real CLI: a broken template is the
// business of the commands that render (check, runserver, serve), not of migrate,
// createsuperuser or a project's own commands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-runserver-checks-');
  project = createProject(workspace, ['blog']);
  fs.writeFileSync(
    path.join(project, 'blog', 'commands', 'hello.ts'),
    `import { BaseCommand } from 'hyperdjango/management';
export default class Command extends BaseCommand {
  help = 'Says hello.';
  handle() { return 'hello from blog'; }
}
`,
  );
  fs.writeFileSync(path.join(project, 'templates', 'broken.html'), 'line one\n{% for x in y %}\n');
});
afterAll(() => removeDir(workspace));

test('a broken template stops check and serve, not migrate, createsuperuser or a custom command', () => {
  const check = runHyper(['check'], { cwd: project });
  expect(check.code).toBe(1);
  expect(check.stderr).toContain('(templates.E004) broken.html:2');

  const migrate = runHyper(['migrate'], { cwd: project });
  expect(migrate.stderr).not.toContain('templates.E004');
  expect(migrate.code).toBe(0);

  const superuser = runHyper(['createsuperuser', '--noinput', '--username', 'admin', '--email', 'a@example.com'], {
    cwd: project,
    env: { HYPER_SUPERUSER_PASSWORD: 'a long enough password 1' },
  });
  expect(superuser.stderr).not.toContain('templates.E004');
  expect(superuser.code).toBe(0);

  const hello = runHyper(['hello'], { cwd: project });
  expect(hello).toMatchObject({ code: 0, stdout: 'hello from blog\n' });

  // serve checks templates before it binds anything.
  const serve = runHyper(['serve', '--allow-debug', '127.0.0.1:1'], { cwd: project });
  expect(serve.code).toBe(1);
  expect(serve.stderr).toContain('(templates.E004) broken.html:2');
});
