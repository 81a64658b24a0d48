// The DEBUG error pages over a real socket: secrets masked at any depth, the
// technical 404 with pattern names, and template errors that point at the template.
import * as http from 'node:http';
import { resetSettings } from '../../src/conf/settings';
import { HttpResponse, type Request } from '../../src/http';
import { RelatedObjectNotLoaded } from '../../src/orm/errors';
import { render } from '../../src/shortcuts';
import { include, path as route, setUrlconf } from '../../src/urls';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { setupWeb } from './support';

function get(server: LiveServer, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: server.host, port: server.port, method: 'GET', path: target, headers: { host: `127.0.0.1:${server.port}`, connection: 'close', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let server: LiveServer;
afterAll(async () => {
  await server?.close();
  setUrlconf(null);
  resetSettings();
});

describe('secrets on the technical 500 page', () => {
  beforeAll(async () => {
    setupWeb({
      DEBUG: true,
      DATABASES: { default: 'postgres://app:p@ss@db.example.com/shop', replica: 'postgres://ro:plain-secret@replica/shop' },
      PAYMENTS: { provider: 'stripe', STRIPE_API_KEY: 'sk_live_nested_secret', webhooks: [{ url: 'https://hooks.example.com/x', signing_secret: 'whsec_in_a_list' }] },
      UPSTREAMS: ['https://svc:list-url-secret@svc.example.com/'],
    });
    server = await startLiveServer({ log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
  });

  test('settings are masked inside dicts and lists, URL passwords up to the last @', async () => {
    const page = await get(server, '/boom/');
    expect(page.status).toBe(500);
    for (const secret of ['p@ss', 'ss@db', 'plain-secret', 'sk_live_nested_secret', 'whsec_in_a_list', 'list-url-secret']) expect(page.body).not.toContain(secret);
    expect(page.body).toContain('postgres://app:********************@db.example.com/shop');
    expect(page.body).toContain('postgres://ro:********************@replica/shop');
    expect(page.body).toContain('&quot;STRIPE_API_KEY&quot;:&quot;********************&quot;');
    expect(page.body).toContain('&quot;provider&quot;:&quot;stripe&quot;');
    expect(page.body).toContain('https://hooks.example.com/x');
  });

  test('request headers with secret-looking names are masked', async () => {
    const secrets = {
      'x-api-key': 'hdr-api-secret',
      authorization: 'Bearer hdr-auth-secret',
      'x-auth-token': 'hdr-token-secret',
      cookie: 'sessionid=hdr-cookie-secret',
      'x-hub-signature': 'sha256=hdr-signature-secret',
      'x-db-password': 'hdr-pass-secret',
    };
    const page = await get(server, '/boom/', { ...secrets, 'x-request-id': 'visible-request-id' });
    expect(page.status).toBe(500);
    for (const value of Object.values(secrets)) expect(page.body).not.toContain(value.split('=').pop()!.split(' ').pop()!);
    for (const name of Object.keys(secrets)) expect(page.body).toContain(`<tr><th>header ${name}</th><td>********************</td></tr>`);
    expect(page.body).toContain('visible-request-id');
  });
});

describe('technical 404', () => {
  beforeAll(async () => {
    setupWeb({ DEBUG: true });
    const blog = { appName: 'blog', urlpatterns: [route('<int:id>/', () => new HttpResponse('post'), { name: 'detail' }), route('feed/', () => new HttpResponse('feed'))] };
    setUrlconf([route('', () => new HttpResponse('home'), { name: 'home' }), route('blog/', include(blog))]);
    server = await startLiveServer({ log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
  });

  test('lists each pattern tried with its name, as Django does', async () => {
    const items = async (target: string) => {
      const page = await get(server, target);
      expect(page.status).toBe(404);
      return [...page.body.matchAll(/<li><code>(.*?)<\/code><\/li>/g)].map((m) => m[1]);
    };
    expect(await items('/nope/')).toEqual(['[name=&#39;home&#39;]', 'blog/ [namespace=&#39;blog&#39;]']);
    expect(await items('/blog/nope/')).toEqual([
      '[name=&#39;home&#39;]',
      'blog/ [namespace=&#39;blog&#39;] &lt;int:id&gt;/ [name=&#39;detail&#39;]',
      'blog/ [namespace=&#39;blog&#39;] feed/',
    ]);
  });
});

describe('an error while rendering a template', () => {
  let root = '';
  beforeAll(async () => {
    root = setupWeb({ DEBUG: true }, {
      'base.html': '<html>\n<body>\n{% block content %}{% endblock %}\n</body>\n</html>\n',
      'books/list.html': '{% extends "base.html" %}\n{% block content %}\n<table>\n{% for book in books %}{% include "books/row.html" %}{% endfor %}\n</table>\n{% endblock %}\n',
      'books/row.html': '<tr><td>{{ book.title }}</td>\n  <td>{{ book.author.name }}</td></tr>\n',
    });
    const book = {
      title: 'Dune',
      get author(): never {
        throw new RelatedObjectNotLoaded("Book.author is not loaded: use selectRelated('author') or await book.related('author')");
      },
    };
    async function bookList(request: Request) {
      return render(request, 'books/list.html', { books: [book] });
    }
    setUrlconf([route('books/', bookList, { name: 'book_list' })]);
    server = await startLiveServer({ log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
  });

  test('the page names the template, line, expression and view, with the template source', async () => {
    const page = await get(server, '/books/');
    expect(page.status).toBe(500);
    expect(page.body).toContain('<h1 class="err">RelatedObjectNotLoaded at /books/</h1>');
    expect(page.body).toContain('Raised during: <b>book_list</b> (view <code>bookList</code>), route <code>books/</code>');
    expect(page.body).toContain('<h2>Error during template rendering</h2>');
    expect(page.body).toContain(`In template <code>${root}/templates/books/row.html</code>, error at line <b>2</b> (<code>books/row.html</code>)`);
    expect(page.body).toContain('<pre class="expr">{{ book.author.name }}</pre>');
    expect(page.body).toContain('<div class="cur">    2    &lt;td&gt;{{ book.author.name }}&lt;/td&gt;&lt;/tr&gt;</div>');
    // The template section comes before the JS traceback.
    expect(page.body.indexOf('Error during template rendering')).toBeLessThan(page.body.indexOf('<h2>Traceback</h2>'));
  });
});

describe('an error raised by a middleware before the view', () => {
  beforeAll(async () => {
    setupWeb({ DEBUG: true });
    setUrlconf([route('guarded/<int:id>/', () => new HttpResponse('never'), { name: 'guarded' })]);
    const failing = () => () => {
      throw new Error('the middleware failed');
    };
    server = await startLiveServer({ log: () => undefined, middleware: [failing] });
  });
  afterAll(async () => {
    await server.close();
  });

  test('the page names the view the path resolves to, as Django does', async () => {
    const page = await get(server, '/guarded/3/');
    expect(page.status).toBe(500);
    expect(page.body).toContain('the middleware failed');
    expect(page.body).toContain('Raised during: <b>guarded</b>');
  });

  test('a path that resolves to nothing names no view', async () => {
    const page = await get(server, '/elsewhere/');
    expect(page.status).toBe(500);
    expect(page.body).not.toContain('Raised during');
  });
});

describe('an error raised while the URLconf loads', () => {
  beforeAll(async () => {
    setupWeb({ DEBUG: true });
    setUrlconf('no_such_urls_module');
    server = await startLiveServer({ log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
  });

  test('the page shows that error, and no view', async () => {
    const page = await get(server, '/anything/');
    expect(page.status).toBe(500);
    expect(page.body).toContain('no_such_urls_module');
    expect(page.body).not.toContain('Raised during');
  });
});
