// `hyper sendtestemail` through the real bin/hyper.js in a new project: to the console
// under DEBUG (the default backend), to files with EMAIL_BACKEND=file, to ADMINS and
// MANAGERS, through a real SMTP server; no recipient is a one-line error; diffsettings
// masks EMAIL_HOST_PASSWORD.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { cleanEnv, HYPER_BIN, runHyper } from '../support/run-hyper';
import { startSmtpServer } from './support';
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
  const down = runHyper(['sendtestemail', 'a@example.com'], { cwd: project, env: { HYPER_EMAIL_BACKEND: 'smtp', HYPER_EMAIL_HOST: '127.0.0.1', HYPER_EMAIL_PORT: '9' } });
  expect(down.code).toBe(1);
  expect(down.stderr.trim()).toMatch(/^MailSendError: Sending mail through 127\.0\.0\.1:9 failed: .*ECONNREFUSED.*$/);
});

it('diffsettings masks EMAIL_HOST_PASSWORD', () => {
  const run = runHyper(['diffsettings'], { cwd: project, env: { HYPER_EMAIL_HOST_PASSWORD: 'hunter2-mail-password' } });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/EMAIL_HOST_PASSWORD = /);
  expect(run.stdout).not.toContain('hunter2-mail-password');
});

it('sends through a real SMTP server with EMAIL_BACKEND=smtp', async () => {
  const server = await startSmtpServer();
  try {
    const env = cleanEnv({ HYPER_EMAIL_BACKEND: 'smtp', HYPER_EMAIL_HOST: '127.0.0.1', HYPER_EMAIL_PORT: String(server.port), HYPER_DEFAULT_FROM_EMAIL: 'site@example.com' });
    // Not spawnSync: the SMTP server answers from this process's event loop.
    const child = spawn(process.execPath, [HYPER_BIN, 'sendtestemail', 'ann@example.com'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect([code, stderr]).toEqual([0, '']);
    expect(server.received).toHaveLength(1);
    expect([server.received[0].from, server.received[0].to]).toEqual(['site@example.com', ['ann@example.com']]);
    expect(server.received[0].parsed.text).toContain("If you're reading this, it was successful.");
  } finally {
    await server.close();
  }
}, 30_000);
