'use strict';
// HyperDjango: the JSON view behind the default middleware stack (security,
// common), URL resolution, Request/JsonResponse, host validation. argv: port adapter
const { configure } = require('../../../dist/src/conf/settings');
const { path, setUrlconf } = require('../../../dist/src/urls');
const { JsonResponse, startWebServer } = require('../../../dist/src/http');
// MIDDLEWARE named by string are loaded through the slot the one setup path fills.
require('../../../dist/src/management/wiring').installFramework();
const { item } = require('./common');

configure({
  DEBUG: false,
  SECRET_KEY: 'bench',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  MIDDLEWARE: ['hyperdjango.middleware.security', 'hyperdjango.middleware.common'],
});
setUrlconf([
  path('', () => new JsonResponse({ ok: true }), { name: 'home' }),
  path('api/items/<int:id>/', (request, { id }) => new JsonResponse(item(id, request.query.get('q'))), { name: 'item' }),
]);
startWebServer({ port: Number(process.argv[2] || 0), host: '127.0.0.1', adapter: process.argv[3] || 'auto', log: () => {} }).then(({ server, port }) => {
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => server.close({ deadline: 100 }).then(() => process.exit(0)));
});
