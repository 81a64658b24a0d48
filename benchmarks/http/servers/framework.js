'use strict';
// HyperDjango through the full framework dispatch on the native server: the URL
// configuration routed by the server's table, Request, a view, HttpResponse or
// JsonResponse, the response headers; no middleware (the "web" benchmark adds
// the default stack). argv: port adapter
const { configure } = require('../../../dist/src/conf/settings');
const { path, setUrlconf } = require('../../../dist/src/urls');
const { HttpResponse, JsonResponse, startWebServer } = require('../../../dist/src/http');
// MIDDLEWARE named by string are loaded through the slot the one setup path fills.
require('../../../dist/src/management/wiring').installFramework();
const { PLAINTEXT, JSON_BODY, port, ready } = require('./common');

configure({ DEBUG: false, SECRET_KEY: 'bench', ALLOWED_HOSTS: ['127.0.0.1', 'localhost'], MIDDLEWARE: [] });
setUrlconf([
  path('', () => new HttpResponse(PLAINTEXT, { contentType: 'text/plain' })),
  path('json', () => new JsonResponse(JSON_BODY())),
]);
startWebServer({ port, host: '127.0.0.1', adapter: process.argv[3] || 'native', log: () => {} }).then(({ server, port: bound }) => {
  ready(bound);
  process.on('SIGTERM', () => void server.close({ deadline: 100 }).then(() => process.exit(0)));
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
