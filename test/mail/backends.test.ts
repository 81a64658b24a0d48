// The console, file, locmem and dummy backends, which backend EMAIL_BACKEND and
// DEBUG choose, and EMAIL_HOST_PASSWORD masked wherever settings are shown.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { cleanse } from '../../src/core/cleanse';
import { maskSecrets } from '../../src/management/describe-settings';
import {
  ConsoleEmailBackend,
  DummyEmailBackend,
  EmailMessage,
  LocmemEmailBackend,
  SmtpEmailBackend,
  clearOutbox,
  getConnection,
  mailManagers,
  outbox,
  sendMail,
  sendMassMail,
} from '../../src/mail';
import { makeSuiteTempDir } from '../support/temp-project';

const root = makeSuiteTempDir('hyper-mail-backends-');

function settingsWith(extra: Record<string, unknown> = {}): void {
  resetSettings();
  configure({ SECRET_KEY: 'test', BASE_DIR: root, DEFAULT_FROM_EMAIL: 'site@example.com', ...extra });
}
beforeEach(() => {
  clearOutbox();
  settingsWith();
});

it('EMAIL_BACKEND unset is the console under DEBUG and SMTP otherwise; names and classes choose one', () => {
  settingsWith({ DEBUG: true });
  expect(getConnection()).toBeInstanceOf(ConsoleEmailBackend);
  settingsWith({ DEBUG: false });
  expect(getConnection()).toBeInstanceOf(SmtpEmailBackend);
  settingsWith({ EMAIL_BACKEND: 'hyperdjango.mail.backends.locmem' });
  expect(getConnection()).toBeInstanceOf(LocmemEmailBackend);
  settingsWith({ EMAIL_BACKEND: DummyEmailBackend });
  expect(getConnection()).toBeInstanceOf(DummyEmailBackend);
  expect(getConnection('console')).toBeInstanceOf(ConsoleEmailBackend);
});

it('the console backend writes each mail whole, then a rule; Bcc is not shown', async () => {
  const written: string[] = [];
  const connection = getConnection('console', { stream: { write: (chunk: string) => written.push(chunk) } });
  await new EmailMessage({ subject: 'Hello', body: 'Body text', to: ['ann@example.com'], bcc: ['secret@example.com'], connection }).send();
  expect(written).toHaveLength(1);
  expect(written[0]).toMatch(/^Subject: Hello$/m);
  expect(written[0]).toMatch(/^From: site@example.com$/m);
  expect(written[0]).toMatch(/^To: ann@example.com$/m);
  expect(written[0]).toContain('Body text');
  expect(written[0]).not.toContain('secret@example.com');
  expect(written[0].endsWith(`\n${'-'.repeat(79)}\n`)).toBe(true);
});

it('the file backend writes the mails of one connection to one new file in EMAIL_FILE_PATH', async () => {
  settingsWith({ EMAIL_BACKEND: 'file', EMAIL_FILE_PATH: 'sent-mail' });
  await sendMassMail([
    ['One', 'first', null, ['a@example.com']],
    ['Two', 'second', null, ['b@example.com']],
  ]);
  await sendMail('Three', 'third', null, ['c@example.com']);
  const folder = path.join(root, 'sent-mail');
  const files = fs.readdirSync(folder).sort();
  expect(files).toHaveLength(2);
  const texts = files.map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
  expect(texts.join('')).toMatch(/Subject: One[\s\S]*Subject: Two/);
  expect(texts.some((t) => t.includes('Subject: Three') && !t.includes('Subject: One'))).toBe(true);
  settingsWith({ EMAIL_BACKEND: 'file' });
  expect(() => getConnection()).toThrow("The 'file' mail backend needs a folder: set EMAIL_FILE_PATH (or pass filePath to getConnection).");
});

it('the locmem backend keeps the messages in outbox; dummy sends nothing; no recipients sends nothing', async () => {
  settingsWith({ EMAIL_BACKEND: 'locmem', MANAGERS: ['boss@example.com'], EMAIL_SUBJECT_PREFIX: '[x] ' });
  expect(await sendMail('Hi', 'there', 'me@example.com', ['ann@example.com'], { htmlMessage: '<p>there</p>' })).toBe(1);
  expect(await mailManagers('Note', 'body')).toBe(1);
  expect(await sendMail('Nobody', 'x', null, [])).toBe(0);
  expect(outbox.map((m) => [m.subject, m.fromEmail, m.to])).toEqual([
    ['Hi', 'me@example.com', ['ann@example.com']],
    ['[x] Note', 'root@localhost', ['boss@example.com']],
  ]);
  expect((await outbox[0].message()).toString()).toContain('Content-Type: text/html');
  expect(await getConnection('dummy').sendMessages([new EmailMessage({ to: ['a@example.com'] })])).toBe(1);
  expect(outbox).toHaveLength(2);
  clearOutbox();
  expect(outbox).toHaveLength(0);
});

it('EMAIL_HOST_PASSWORD is masked by diffsettings and on the DEBUG page', () => {
  expect(maskSecrets('EMAIL_HOST_PASSWORD', 'hunter2-long-password')).not.toContain('hunter2');
  expect(JSON.stringify(cleanse({ EMAIL_HOST_PASSWORD: 'hunter2-long-password', EMAIL_HOST: 'smtp.example.com' }))).not.toContain('hunter2');
});

it('settings of the wrong type are refused with the setting named', () => {
  expect(() => settingsWith({ EMAIL_PORT: '25' })).toThrow(/EMAIL_PORT/);
  expect(() => settingsWith({ ADMINS: [['only-a-name']] })).toThrow(/ADMINS/);
  expect(() => settingsWith({ EMAIL_TIMEOUT: -1 })).toThrow(/EMAIL_TIMEOUT/);
});
