// `hyper test` (the real bin/hyper.js) sends mail to the locmem outbox whatever
// EMAIL_BACKEND says, as Django's test runner, and each test starts with it empty.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, createProject, HYPER_BIN } from '../support/run-hyper';
import { makeSuiteTempDir } from '../support/temp-project';

const TESTS = `import assert from 'node:assert/strict';
import { SimpleTestCase } from 'hyperdjango/test';
import { outbox, sendMail } from 'hyperdjango/mail';

export class OutboxTests extends SimpleTestCase {
  async testFirst() {
    assert.equal(await sendMail('One', 'body', null, ['ann@example.com']), 1);
    assert.deepEqual(outbox.map((m) => m.subject), ['One']);
  }
  async testSecond() {
    assert.equal(outbox.length, 0);
    await sendMail('Two', 'body', null, ['bob@example.com']);
    assert.deepEqual(outbox.map((m) => m.subject), ['Two']);
  }
}
`;

it('mail goes to a per-test outbox under hyper test, never to the SMTP server configured', () => {
  const project = createProject(makeSuiteTempDir('hyper-test-outbox-'), ['blog']);
  fs.rmSync(path.join(project, 'blog', 'tests'), { recursive: true });
  fs.mkdirSync(path.join(project, 'blog', 'tests'));
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'mail.test.ts'), TESTS);
  // Nothing listens on port 9: were the settings' backend used, the send would fail.
  const env = cleanEnv({ HYPER_EMAIL_BACKEND: 'smtp', HYPER_EMAIL_HOST: '127.0.0.1', HYPER_EMAIL_PORT: '9' });
  const run = spawnSync(process.execPath, [HYPER_BIN, 'test', 'blog'], { cwd: project, env, encoding: 'utf8', timeout: 240000 });
  expect(run.stdout + run.stderr).toMatch(/^2 passed, 0 failed/m);
  expect(run.status).toBe(0);
}, 250_000);
