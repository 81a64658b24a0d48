// A 500 with DEBUG off is mailed to ADMINS (Django's AdminEmailHandler): the stack and
// the request with secret headers masked; rate-limited; nothing under DEBUG.
import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http';
import { clearOutbox, outbox } from '../../src/mail';
import { MAX_PER_MINUTE, resetErrorMailLimits } from '../../src/mail/admin-errors';
import { Client } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';

function settingsWith(extra: Record<string, unknown> = {}): void {
  resetSettings();
  configure({ SECRET_KEY: 'test', DEBUG: false, ALLOWED_HOSTS: ['testserver'], EMAIL_BACKEND: 'locmem', ADMINS: ['ops@example.com'], SERVER_EMAIL: 'server@example.com', ...extra });
}
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));
const client = () => new Client({ log: () => undefined });

beforeAll(() => {
  setUrlconf([
    path('boom/<int:n>/', () => {
      throw new Error('kaboom');
    }),
    path('ok/', () => new HttpResponse('ok')),
  ]);
});
afterAll(() => setUrlconf(null));
beforeEach(() => {
  settingsWith();
  clearOutbox();
  resetErrorMailLimits();
});

it('mails ADMINS the stack and the request, secret headers masked', async () => {
  const res = await client().get('/boom/1/', { query: { q: 'x' }, headers: { authorization: 'Bearer very-secret-token', 'x-trace': 'abc' } });
  expect(res.status).toBe(500);
  await settled();
  expect(outbox).toHaveLength(1);
  const [mail] = outbox;
  expect([mail.subject, mail.to, mail.fromEmail]).toEqual(['[Hyper] ERROR: Internal Server Error: /boom/1/', ['ops@example.com'], 'server@example.com']);
  expect(mail.body).toMatch(/^Error: kaboom\n\s+at /);
  expect(mail.body).toContain('GET /boom/1/?q=x');
  expect(mail.body).toContain('x-trace: abc');
  expect(mail.body).not.toContain('very-secret-token');
  expect((await client().get('/ok/')).status).toBe(200);
  await settled();
  expect(outbox).toHaveLength(1);
});

it('is rate-limited: the same error once a minute, at most MAX_PER_MINUTE in all; the next mail counts the rest', async () => {
  for (let i = 0; i < 5; i++) await client().get('/boom/1/');
  for (let n = 2; n < 30; n++) await client().get(`/boom/${n}/`);
  await settled();
  expect(outbox).toHaveLength(MAX_PER_MINUTE);
  const later = Date.now() + 61_000;
  const now = jest.spyOn(Date, 'now').mockReturnValue(later);
  try {
    await client().get('/boom/1/');
    await settled();
  } finally {
    now.mockRestore();
  }
  expect(outbox).toHaveLength(MAX_PER_MINUTE + 1);
  // The 4 repeats of /boom/1/ were counted in the second mail; the 28 - 9 over the limit in this one.
  expect(outbox[1].body).toContain('4 more error mails were held back');
  expect(outbox[MAX_PER_MINUTE].body).toContain(`${28 - (MAX_PER_MINUTE - 1)} more error mails were held back by the rate limit since the last one.`);
});

it('sends nothing under DEBUG or without ADMINS', async () => {
  settingsWith({ DEBUG: true });
  await client().get('/boom/1/');
  settingsWith({ ADMINS: [] });
  await client().get('/boom/1/');
  await settled();
  expect(outbox).toHaveLength(0);
});
