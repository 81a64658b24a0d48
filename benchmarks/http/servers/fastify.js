'use strict';
const fastify = require('fastify')({ logger: false });
const { PLAINTEXT, JSON_BODY, port, ready } = require('./common');

fastify.get('/', (req, reply) => { reply.type('text/plain').send(PLAINTEXT); });
fastify.get('/json', (req, reply) => { reply.send(JSON_BODY()); });
fastify.listen({ port, host: '127.0.0.1' }).then(() => ready(fastify.server.address().port)).catch((error) => {
  console.error(error);
  process.exit(1);
});
