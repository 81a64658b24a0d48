// The SMTP backend against a real SMTP server on a socket: STARTTLS with a
// certificate the client verifies, AUTH, one connection for a mass mailing, the
// MIME parsed back (alternatives, attachments, an inline image by cid, cc/bcc,
// reply-to, custom headers), header injection refused before anything is sent,
// and the settings' errors.
import { configure, resetSettings } from '../../src/conf/settings';
import { EmailMessage, EmailMultiAlternatives, getConnection, mailAdmins, sendMail, sendMassMail, BadHeaderError, MailSendError } from '../../src/mail';
import { startSmtpServer, TEST_CERT, type TestSmtpServer } from './support';

const AUTH = { user: 'mailer', pass: 's3cret-pass' };
let server: TestSmtpServer;

beforeAll(async () => {
  server = await startSmtpServer({ auth: AUTH });
});
afterAll(() => server.close());
function settingsWith(extra: Record<string, unknown> = {}): void {
  resetSettings();
  configure({
    SECRET_KEY: 'test',
    EMAIL_BACKEND: 'smtp',
    EMAIL_HOST: 'localhost',
    EMAIL_PORT: server.port,
    EMAIL_HOST_USER: AUTH.user,
    EMAIL_HOST_PASSWORD: AUTH.pass,
    EMAIL_USE_TLS: true,
    EMAIL_TIMEOUT: 10,
    DEFAULT_FROM_EMAIL: 'site@example.com',
    ...extra,
  });
}
beforeEach(() => {
  server.received.length = 0;
  server.connections = 0;
  settingsWith();
});

const tls = { ca: TEST_CERT };

it('sends over STARTTLS, logged in, from DEFAULT_FROM_EMAIL', async () => {
  const sent = await sendMail('Hello', 'Plain body', null, ['ann@example.com', 'bob@example.com'], { connection: getConnection(null, { tls }) });
  expect(sent).toBe(1);
  const [mail] = server.received;
  expect(mail.secure).toBe(true);
  expect(mail.user).toBe('mailer');
  expect(mail.from).toBe('site@example.com');
  expect(mail.to).toEqual(['ann@example.com', 'bob@example.com']);
  expect(mail.parsed.subject).toBe('Hello');
  expect(mail.parsed.text?.trim()).toBe('Plain body');
});

it('refuses a server certificate it cannot verify, and a wrong password, with a catalogue error', async () => {
  await expect(sendMail('x', 'y', null, ['ann@example.com'])).rejects.toMatchObject({ code: 'HYPER_MAIL_SEND_FAILED' });
  await expect(sendMail('x', 'y', null, ['ann@example.com'], { connection: getConnection(null, { tls, password: 'wrong' }) })).rejects.toThrow(MailSendError);
  await expect(sendMail('x', 'y', null, ['ann@example.com'], { connection: getConnection(null, { tls, password: 'wrong', failSilently: true }) })).resolves.toBe(0);
  expect(server.received).toHaveLength(0);
});

it('sends alternatives, attachments, an inline image, cc, bcc, reply-to and custom headers', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const mail = new EmailMultiAlternatives({
    subject: 'Your report — été',
    body: 'Text version',
    fromEmail: 'Reports <reports@example.com>',
    to: ['ann@example.com'],
    cc: ['cc@example.com'],
    bcc: ['hidden@example.com'],
    replyTo: ['help@example.com'],
    headers: { 'X-Report-Id': '42' },
    connection: getConnection(null, { tls }),
  });
  mail.attachAlternative('<p>HTML <b>version</b> <img src="cid:logo"></p>', 'text/html');
  mail.attach('report.csv', 'a,b\n1,2\n', 'text/csv');
  mail.attach({ filename: 'logo.png', content: png, mimetype: 'image/png', cid: 'logo' });
  expect(await mail.send()).toBe(1);
  const [got] = server.received;
  expect(got.to.sort()).toEqual(['ann@example.com', 'cc@example.com', 'hidden@example.com']);
  expect(got.parsed.subject).toBe('Your report — été');
  expect(got.parsed.text?.trim()).toBe('Text version');
  expect(got.parsed.html).toContain('<b>version</b>');
  expect(got.parsed.replyTo?.text).toBe('help@example.com');
  expect(got.parsed.headers.get('x-report-id')).toBe('42');
  expect(got.raw.toString()).not.toMatch(/^Bcc:/im);
  const csv = got.parsed.attachments.find((a) => a.filename === 'report.csv')!;
  expect([csv.contentType, csv.content.toString()]).toEqual(['text/csv', 'a,b\n1,2\n']);
  const logo = got.parsed.attachments.find((a) => a.filename === 'logo.png')!;
  expect([logo.cid, logo.contentDisposition, logo.content.equals(png)]).toEqual(['logo', 'inline', true]);
});

it('sendMassMail sends every mail over one connection', async () => {
  const sent = await sendMassMail(
    [
      ['One', 'first', null, ['a@example.com']],
      ['Two', 'second', 'other@example.com', ['b@example.com']],
      ['Three', 'third', null, ['c@example.com']],
    ],
    { connection: getConnection(null, { tls }) },
  );
  expect(sent).toBe(3);
  expect(server.received.map((m) => m.parsed.subject)).toEqual(['One', 'Two', 'Three']);
  expect(server.received[1].from).toBe('other@example.com');
  expect(server.connections).toBe(1);
});

it('mailAdmins writes to ADMINS from SERVER_EMAIL with the subject prefix', async () => {
  settingsWith({ ADMINS: [['Ann Admin', 'ann@example.com'], 'root@example.com'], SERVER_EMAIL: 'server@example.com', EMAIL_SUBJECT_PREFIX: '[site] ' });
  expect(await mailAdmins('Disk full', 'details', { connection: getConnection(null, { tls }) })).toBe(1);
  const [got] = server.received;
  expect([got.from, got.to, got.parsed.subject]).toEqual(['server@example.com', ['ann@example.com', 'root@example.com'], '[site] Disk full']);
  expect(got.parsed.to && !Array.isArray(got.parsed.to) ? got.parsed.to.value[0].name : '').toBe('Ann Admin');
});

it('refuses a line break in any header value or address, before connecting, even with failSilently', async () => {
  const connection = getConnection(null, { tls, failSilently: true });
  const attempts: Array<() => Promise<number>> = [
    () => sendMail('Hi\r\nBcc: victim@example.com', 'x', null, ['ann@example.com'], { connection }),
    () => sendMail('Hi', 'x', 'evil@example.com\nBcc: victim@example.com', ['ann@example.com'], { connection }),
    () => new EmailMessage({ subject: 's', to: ['ann@example.com'], headers: { 'X-Note': 'a\nBcc: v@example.com' }, connection }).send(true),
    () => new EmailMessage({ subject: 's', to: ['ann@example.com'], headers: { 'X-Bad\r\nName': 'a' }, connection }).send(true),
    () => new EmailMessage({ subject: 's', to: ['ann@example.com'], connection }).attach('a\r\nb.txt', 'x').send(true),
    async () => new EmailMessage({ subject: 's', to: ['ann@example.com\nBcc: v@example.com'], connection }).send(true),
    async () => new EmailMessage({ subject: 's', to: ['ann@example.com'], replyTo: ['x@example.com\r\nX: y'], connection }).send(true),
  ];
  for (const attempt of attempts) {
    const error = await attempt().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BadHeaderError);
    expect(error).toMatchObject({ code: 'HYPER_MAIL_BAD_HEADER' });
    expect((error as Error).message).toMatch(/^Header values cannot contain newlines: .+; remove the line break/);
  }
  expect(server.connections).toBe(0);
  expect(server.received).toHaveLength(0);
});

it('EMAIL_USE_TLS with EMAIL_USE_SSL, an unknown backend, and a string for a list are clear errors', async () => {
  settingsWith({ EMAIL_USE_SSL: true });
  expect(() => getConnection()).toThrow(/^EMAIL_USE_TLS and EMAIL_USE_SSL are both on; they are exclusive/);
  expect(() => getConnection('smpt')).toThrow("Unknown mail backend 'smpt' (did you mean 'smtp'?)");
  expect(() => new EmailMessage({ to: 'ann@example.com' as unknown as string[] })).toThrow('to must be a list of addresses, not a string: write ["ann@example.com"].');
});

it('speaks TLS from the first byte with EMAIL_USE_SSL', async () => {
  const ssl = await startSmtpServer({ secure: true });
  try {
    settingsWith({ EMAIL_USE_TLS: false, EMAIL_USE_SSL: true, EMAIL_PORT: ssl.port, EMAIL_HOST_USER: '' });
    expect(await sendMail('Over SSL', 'body', null, ['ann@example.com'], { connection: getConnection(null, { tls }) })).toBe(1);
    expect(ssl.received[0].secure).toBe(true);
  } finally {
    await ssl.close();
  }
});
