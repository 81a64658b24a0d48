// `hyper sendtestemail` through the real bin/hyper.js in a new project: to the console
// under DEBUG (the default backend), to files with EMAIL_BACKEND=file, to ADMINS and
// MANAGERS; no recipient is a one-line error; diffsettings masks EMAIL_HOST_PASSWORD.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runHyper } from '../support/run-hyper';
import { makeSuiteTempDir } from '../support/temp-project';

const workspace = makeSuiteTempDir('hyper-sendtestemail-');
let project: string;

beforeAll(() => {
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
}, 60_000);

it('prints the test mail on the console under DEBUG', () => {
  const run = runHyper(['sendtestemail', 'ann@example.com', 'bob@example.com'], { cwd: project });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^Subject: Test email from .+ on \d{4}-/m);
  expect(run.stdout).toMatch(/^To: ann@example.com, bob@example.com$/m);
  expect(run.stdout).toContain("If you're reading this, it was successful.");
  expect(run.stdout).toContain('Sent a test mail to ann@example.com, bob@example.com.');
});

it('writes to EMAIL_FILE_PATH with the file backend, to ADMINS and MANAGERS with their flags', () => {
  const env = { HYPER_EMAIL_BACKEND: 'file', HYPER_EMAIL_FILE_PATH: 'outbox', HYPER_ADMINS: 'admin@example.com', HYPER_MANAGERS: 'boss@example.com', HYPER_SERVER_EMAIL: 'server@example.com' };
  const run = runHyper(['sendtestemail', '--admins', '--managers'], { cwd: project, env });
  expect([run.code, run.stderr]).toEqual([0, '']);
  const folder = path.join(project, 'outbox');
  const text = fs.readdirSync(folder).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('');
  expect(text).toMatch(/^To: admin@example.com$/m);
  expect(text).toMatch(/^To: boss@example.com$/m);
  expect(text).toMatch(/^From: server@example.com$/m);
  expect(text).toContain('This email was sent to the site admins.');
});

it('without a recipient: a one-line error, exit 1; a bad setting names itself', () => {
  const run = runHyper(['sendtestemail'], { cwd: project });
  expect(run.code).toBe(1);
  expect(run.stderr.trim()).toBe('CommandError: Nobody to send to: give one or more addresses, or --managers or --admins.');
  const both = runHyper(['sendtestemail', 'a@example.com'], { cwd: project, env: { HYPER_EMAIL_BACKEND: 'smtp', HYPER_EMAIL_USE_TLS: 'true', HYPER_EMAIL_USE_SSL: 'true' } });
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('EMAIL_USE_TLS and EMAIL_USE_SSL are both on');
  expect(both.stderr).not.toMatch(/\n\s+at /);
});

it('diffsettings masks EMAIL_HOST_PASSWORD', () => {
  const run = runHyper(['diffsettings'], { cwd: project, env: { HYPER_EMAIL_HOST_PASSWORD: 'hunter2-mail-password' } });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/EMAIL_HOST_PASSWORD = /);
  expect(run.stdout).not.toContain('hunter2-mail-password');
});
