// The messages suites: a tiny site whose views add messages and redirect, and a page
// that lists them through the `messages` template variable.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import * as messages from '../../src/contrib/messages';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { redirect, render } from '../../src/shortcuts';
import { resetEngine } from '../../src/template';
import { path as route, setUrlconf } from '../../src/urls';

export const SECRET = 'a-test-secret-key-that-is-long-enough-and-random-0123456789';
export const MIDDLEWARE = ['hyperdjango.sessions.middleware', 'hyperdjango.messages.middleware'];

const PAGE = `{% if messages %}<ul>{% for m in messages %}<li class="{{ m.tags }}">{{ m }}</li>{% endfor %}</ul>{% else %}none{% endif %}`;

export const urls = [
  route('add/<str:level>/<str:text>/', (request: Request, { level, text }: { level: string; text: string }) => {
    const add = { debug: messages.debug, info: messages.info, success: messages.success, warning: messages.warning, error: messages.error }[level]!;
    add(request, text);
    return redirect('/show/');
  }),
  route('tagged/', (request: Request) => {
    messages.addMessage(request, messages.WARNING, 'Careful', { extraTags: 'sticky' });
    messages.addMessage(request, 35, 'Custom level');
    return redirect('/show/');
  }),
  route('many/<int:n>/', (request: Request, { n }: { n: number }) => {
    // Hashes, so that compression cannot squeeze them all into the cookie.
    for (let i = 0; i < n; i++) messages.info(request, `message number ${i} ${createHash('sha256').update(String(i)).digest('hex')}`);
    return redirect('/list/');
  }),
  route('huge/', (request: Request) => {
    messages.info(request, 'y'.repeat(3000).replace(/y/g, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))));
    messages.info(request, 'small one');
    return redirect('/list/');
  }),
  route('show/', (request: Request) => render(request, 'messages.html')),
  route('list/', (request: Request) => new JsonResponse([...messages.getMessages(request)].map((m) => m.message))),
  route('peek/', (request: Request) => new JsonResponse({ count: messages.getMessages(request) instanceof messages.BaseStorage ? (request.messages).length : -1 })),
  route('plain/', () => new HttpResponse('no messages touched')),
  route('level/', (request: Request) => {
    messages.setLevel(request, messages.DEBUG);
    messages.debug(request, 'Shown at DEBUG level');
    return redirect('/show/');
  }),
];

let templates: string;

/** Settings, apps and URLs for a suite; `extra` overrides settings. */
export function setupMessages(extra: Record<string, unknown> = {}): void {
  beforeAll(async () => {
    templates = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-messages-'));
    fs.writeFileSync(path.join(templates, 'messages.html'), PAGE);
    reconfigure(extra);
    await apps.populate(['hyperdjango.sessions', 'hyperdjango.messages'], process.cwd());
    setUrlconf(urls);
  });
  afterAll(() => {
    setUrlconf(null);
    apps.reset();
    resetSettings();
    resetEngine();
    fs.rmSync(templates, { recursive: true, force: true });
  });
}

export function reconfigure(extra: Record<string, unknown> = {}): void {
  configure({ SECRET_KEY: SECRET, SESSION_ENGINE: 'signed_cookies', ALLOWED_HOSTS: ['testserver', '127.0.0.1'], MIDDLEWARE, TEMPLATES: [{ DIRS: [templates] }], ...extra });
  resetEngine();
}
