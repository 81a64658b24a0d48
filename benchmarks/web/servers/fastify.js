'use strict';
// Fastify doing the same work with equivalent hooks: host validation against
// an allow list (400), the security headers on every answer, the JSON view with
// an integer route parameter and a query parameter. argv: port [bare]; bare: the
// view alone, no hooks (Fastify as a new user starts it).
const fastify = require('fastify')({ logger: false });
const { item } = require('./common');

const allowed = new Set(['127.0.0.1', 'localhost']);
if (process.argv[3] !== 'bare') {
  fastify.addHook('onRequest', (request, reply, done) => {
    const host = (request.headers.host || '').replace(/:\d+$/, '').toLowerCase();
    if (!allowed.has(host)) return reply.code(400).type('text/html').send('<h1>Bad Request (400)</h1>');
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    done(null, payload);
  });
}
fastify.get('/', (request, reply) => reply.send({ ok: true }));
fastify.get('/api/items/:id/', (request, reply) => {
  const id = Number(request.params.id);
  if (!/^[0-9]+$/.test(request.params.id)) return reply.code(404).send();
  reply.send(item(id, request.query.q));
});
fastify.listen({ port: Number(process.argv[2] || 0), host: '127.0.0.1' }).then(() => {
  process.stdout.write(`ready ${fastify.server.address().port}\n`);
  // A close that fails ends the process all the same, as an unhandled rejection.
  process.on('SIGTERM', () => void fastify.close().then(() => process.exit(0)));
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
