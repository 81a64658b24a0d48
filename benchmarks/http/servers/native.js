'use strict';
// HyperDjango, native adapter (or node adapter with argv[3] === 'node'), minimal JS handler.
const { createServer } = require('../../../dist/src/server');
const { PLAINTEXT, JSON_BODY, port, ready } = require('./common');

const adapter = process.argv[3] === 'node' ? 'node' : 'native';
const TEXT = [ 'content-type', 'text/plain' ];
const JSONH = [ 'content-type', 'application/json' ];
const server = createServer({
  adapter,
  routes: [{ pattern: '/', methods: ['GET'] }, { pattern: '/json', methods: ['GET'] }],
  handler(req, res, match) {
    if (match.kind !== 'found') return res.send(404, {}, '');
    if (match.routeId === 0) res.send(200, [TEXT], PLAINTEXT);
    else res.send(200, [JSONH], JSON.stringify(JSON_BODY()));
  },
});
server.listen({ port, host: '127.0.0.1' }).then((a) => ready(a.port)).catch((error) => {
  console.error(error);
  process.exit(1);
});
process.on('SIGTERM', () => void server.close({ deadline: 100 }).then(() => process.exit(0)));
