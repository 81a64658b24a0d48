// Shared views and settings for the web layer tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configure } from '../../src/conf/settings';
import { resetEngine } from '../../src/template/engine';
import {
  EventStreamResponse,
  FileResponse,
  Http404,
  HttpResponse,
  JsonResponse,
  PermissionDenied,
  type Request,
  StreamingHttpResponse,
  SuspiciousOperation,
} from '../../src/http';
import { path as route, setUrlconf } from '../../src/urls';
import { View } from '../../src/views';
import { redirect } from '../../src/shortcuts';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

export const order: string[] = [];

export class ItemView extends View {
  async get(request: Request, params: { id: number }) {
    return new JsonResponse({ id: params.id, q: request.query.getList('q') });
  }
  async post(request: Request) {
    return new JsonResponse({ got: await request.json() }, { status: 201 });
  }
}

export const views = {
  hello: (request: Request) => new JsonResponse({ hello: 'world', when: new Date('2024-01-02T03:04:05Z'), big: 10n, path: request.path, html: '<script>' }),
  echoJson: async (request: Request) => new JsonResponse({ got: await request.json() }),
  echoForm: async (request: Request) => {
    const form = await request.form();
    const files = await request.files();
    const out: Record<string, unknown> = { fields: form.toJSON(), files: {} };
    for (const file of files.all()) {
      (out.files as Record<string, unknown>)[file.fieldName] = { name: file.name, size: file.size, inMemory: file.inMemory, type: file.contentType, sha: require('node:crypto').createHash('sha1').update(await file.read()).digest('hex') };
    }
    return new JsonResponse(out);
  },
  boom: () => {
    throw new Error('secret-internal-detail kaboom');
  },
  missing: () => {
    throw new Http404('no such thing');
  },
  denied: () => {
    throw new PermissionDenied();
  },
  suspicious: () => {
    throw new SuspiciousOperation('tampered');
  },
  nothing: () => undefined as never,
  cookie: () => new HttpResponse('ok').setCookie('flavour', 'choc chip', { maxAge: 60 }),
  readCookie: (request: Request) => new HttpResponse(request.cookies.flavour ?? 'none'),
  delCookie: () => new HttpResponse('bye').deleteCookie('flavour'),
  go: () => redirect('hello'),
  goPermanent: () => redirect('/hello/', { permanent: true }),
  stream: () => new StreamingHttpResponse((async function* () {
    for (let i = 0; i < 3; i++) yield `chunk${i};`;
  })(), { contentType: 'text/plain' }),
  events: () => new EventStreamResponse([{ data: { n: 1 }, event: 'tick', id: '1' }, 'plain\nline']),
  file: () => new FileResponse(fileFixture()),
  download: () => new FileResponse(fileFixture(), { asAttachment: true, filename: 'résumé.txt' }),
  host: (request: Request) => new HttpResponse(`${request.getHost()} ${request.isSecure()} ${request.buildAbsoluteUri('/x/')}`),
  order: () => {
    order.push('view');
    return new HttpResponse('ordered');
  },
  item: ItemView.asView(),
  big: () => new JsonResponse({ words: 'lorem ipsum '.repeat(200) }),
};

let fixtureFile = '';
export function fileFixture(): string {
  if (!fixtureFile) {
    const dir = makeSuiteTempDir('hyper-http-');
    fixtureFile = path.join(dir, 'data.txt');
    fs.writeFileSync(fixtureFile, '0123456789abcdefghij');
  }
  return fixtureFile;
}

export function urlpatterns() {
  return [
    route('hello/', views.hello, { name: 'hello' }),
    route('echo/', views.echoJson),
    route('form/', views.echoForm),
    route('boom/', views.boom),
    route('missing/', views.missing),
    route('denied/', views.denied),
    route('suspicious/', views.suspicious),
    route('nothing/', views.nothing),
    route('cookie/', views.cookie),
    route('read-cookie/', views.readCookie),
    route('del-cookie/', views.delCookie),
    route('go/', views.go),
    route('go-permanent/', views.goPermanent),
    route('stream/', views.stream),
    route('events/', views.events),
    route('file/', views.file),
    route('download/', views.download),
    route('host/', views.host),
    route('order/', views.order),
    route('items/<int:id>/', views.item, { name: 'item' }),
    route('big/', views.big),
  ];
}

/** Settings plus the urlconf for a test; templatesDir holds optional 404.html/500.html. */
export function setupWeb(values: Record<string, unknown> = {}, templates: Record<string, string> = {}): string {
  const root = makeSuiteTempDir('hyper-web-');
  writeFiles(root, Object.fromEntries(Object.entries(templates).map(([k, v]) => [`templates/${k}`, v])));
  configure({ ALLOWED_HOSTS: ['testserver', 'example.com', '127.0.0.1', 'localhost'], TEMPLATES: [{ DIRS: [path.join(root, 'templates')] }], ...values }, { projectRoot: root });
  resetEngine();
  setUrlconf(urlpatterns());
  return root;
}
