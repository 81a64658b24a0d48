// `hyper test` and jest with `preset: 'hyperdjango'` (real bin/hyper.js, real jest)
// send mail to the locmem outbox whatever EMAIL_BACKEND says, as Django's test
// runner, and each test starts with it empty.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, createProject, HYPER_BIN } from '../support/run-hyper';
import { makeSuiteTempDir, REPO_ROOT } from '../support/temp-project';

const CLASSES = `import assert from 'node:assert/strict';
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

const FUNCTIONS = `import { outbox, sendMail } from 'hyperdjango/mail';

test('first', async () => {
  await sendMail('One', 'body', null, ['ann@example.com']);
  expect(outbox.map((m) => m.subject)).toEqual(['One']);
});
test('second', async () => {
  expect(outbox).toHaveLength(0);
});
`;

// Nothing listens on port 9: were the settings' backend used, a send would fail.
const env = cleanEnv({ HYPER_EMAIL_BACKEND: 'smtp', HYPER_EMAIL_HOST: '127.0.0.1', HYPER_EMAIL_PORT: '9' });
let project: string;

beforeAll(() => {
  project = createProject(makeSuiteTempDir('hyper-test-outbox-'), ['blog']);
  fs.rmSync(path.join(project, 'blog', 'tests'), { recursive: true });
  fs.mkdirSync(path.join(project, 'blog', 'tests'));
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'mail.test.ts'), CLASSES);
}, 60_000);

it('hyper test: mail goes to a per-test outbox, never to the SMTP server configured', () => {
  const run = spawnSync(process.execPath, [HYPER_BIN, 'test', 'blog'], { cwd: project, env, encoding: 'utf8', timeout: 240000 });
  expect(run.stdout + run.stderr).toMatch(/^2 passed, 0 failed/m);
  expect(run.status).toBe(0);
}, 250_000);

it('jest with the preset: the same', () => {
  fs.writeFileSync(path.join(project, 'jest.config.js'), "module.exports = { preset: 'hyperdjango', testMatch: ['**/functions.test.ts'] };\n");
  fs.writeFileSync(path.join(project, 'blog', 'tests', 'functions.test.ts'), FUNCTIONS);
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')], { cwd: project, env, encoding: 'utf8', timeout: 240000 });
  expect(run.stdout + run.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  expect(run.status).toBe(0);
}, 250_000);
