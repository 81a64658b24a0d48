'use strict';
// A page rendered from a template (a 200-row table) behind the security and common
// middleware, at /plain/ uncached and at /cached/ through cachePage() on local memory.
// argv: port
const { configure } = require('../../dist/src/conf/settings');
const { path, setUrlconf } = require('../../dist/src/urls');
const { HttpResponse, startWebServer } = require('../../dist/src/http');
const { installFramework } = require('../../dist/src/management');
const { cachePage } = require('../../dist/src/cache');
const { fromString } = require('../../dist/src/template/engine');

installFramework();
configure({
  DEBUG: false,
  SECRET_KEY: 'bench',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  MIDDLEWARE: ['hyperdjango.middleware.security', 'hyperdjango.middleware.common'],
  CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'bench-view' } },
});
const template = fromString('<table>{% for row in rows %}<tr><td>{{ row.id }}</td><td>{{ row.title }}</td><td>{{ row.price }}</td></tr>{% endfor %}</table>');
const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, title: `Item <${i}> & more`, price: (i * 1.25).toFixed(2) }));
const page = async () => new HttpResponse(await template.render({ rows }), { contentType: 'text/html; charset=utf-8' });
setUrlconf([path('plain/', page), path('cached/', cachePage(600)(page))]);
startWebServer({ port: Number(process.argv[2] || 0), host: '127.0.0.1', log: () => {} }).then(({ server, port }) => {
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => void server.close({ deadline: 100 }).then(() => process.exit(0)));
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
