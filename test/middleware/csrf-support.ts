// A small site for the CSRF suites: a form page rendering {{ csrf_input }}, views
// that accept POSTs (one exempt, one a class-based view), and the settings.
import { configure } from '../../src/conf/settings';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { csrfExempt, getToken, rotateToken } from '../../src/middleware/csrf';
import { render } from '../../src/shortcuts';
import { resetEngine } from '../../src/template/engine';
import { path, setUrlconf } from '../../src/urls';
import { View } from '../../src/views';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

export const SECRET_KEY = 'csrf-suite-secret-key-csrf-suite-secret-key-csrf-suite';

class Accept extends View {
  async post(request: Request) {
    return new JsonResponse({ ok: true, form: (await request.form()).toJSON() });
  }
}
class ExemptView extends View {
  static csrfExempt = true;
  async post() {
    return new HttpResponse('class exempt');
  }
}

export const urls = () => [
  path('form/', (request: Request) => render(request, 'form.html')),
  path('plain/', (request: Request) => render(request, 'plain.html')),
  path('token/', (request: Request) => new HttpResponse(getToken(request))),
  path('rotate/', (request: Request) => {
    rotateToken(request);
    return new HttpResponse('rotated');
  }),
  path('submit/', Accept.asView()),
  path('hook/', csrfExempt(async () => new HttpResponse('exempt'))),
  path('hook-view/', csrfExempt(Accept.asView())),
  path('hook-class/', ExemptView.asView()),
];

export function setupCsrf(values: Record<string, unknown> = {}): void {
  const root = makeSuiteTempDir('hyper-csrf-');
  writeFiles(root, {
    'templates/form.html': '<form method="post">{{ csrf_input }}<button>go</button></form>',
    'templates/plain.html': '<p>no form here</p>',
  });
  configure(
    { SECRET_KEY, DEBUG: false, ALLOWED_HOSTS: ['testserver', 'example.com', '127.0.0.1', 'localhost'], TEMPLATES: [{ DIRS: [`${root}/templates`] }], ...values },
    { projectRoot: root },
  );
  resetEngine();
  setUrlconf(urls());
}

/** The masked token out of a rendered form. */
export function formToken(html: string): string {
  const match = /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html);
  if (!match) throw new Error(`no token in ${html}`);
  return match[1];
}
