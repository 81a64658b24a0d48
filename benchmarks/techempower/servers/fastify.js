'use strict';
// The Fastify + pg peer, written as their documentation shows: a pg Pool of the
// same size as the ORM's (10), parameterised queries (named, so prepared once per
// connection as the ORM's are), eta for the fortunes template (autoescaped).
// argv: port databaseUrl
const path = require('node:path');
const { Pool } = require('pg');
const { Eta } = require('eta');
const fastify = require('fastify')({ logger: false });

const pool = new Pool({ connectionString: process.argv[3], max: 10 });
const eta = new Eta({ views: path.join(__dirname, 'views'), autoEscape: true, cache: true });

const randomId = () => 1 + Math.floor(Math.random() * 10000);
function queryCount(raw) {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isNaN(n) || n < 1 ? 1 : Math.min(n, 500);
}
async function randomWorld() {
  const { rows } = await pool.query({ name: 'world', text: 'SELECT id, randomnumber FROM world WHERE id = $1', values: [randomId()] });
  return { id: rows[0].id, randomNumber: rows[0].randomnumber };
}

fastify.get('/json', (request, reply) => reply.send({ message: 'Hello, World!' }));
fastify.get('/plaintext', (request, reply) => reply.type('text/plain').send('Hello, World!'));
fastify.get('/db', () => randomWorld());
fastify.get('/queries', (request) => Promise.all(Array.from({ length: queryCount(request.query.queries) }, randomWorld)));
fastify.get('/fortunes', async (request, reply) => {
  const { rows } = await pool.query({ name: 'fortunes', text: 'SELECT id, message FROM fortune' });
  rows.push({ id: 0, message: 'Additional fortune added at request time.' });
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  reply.type('text/html; charset=utf-8');
  return eta.render('fortunes', { fortunes: rows });
});
fastify.get('/updates', async (request) => {
  const worlds = await Promise.all(Array.from({ length: queryCount(request.query.queries) }, randomWorld));
  for (const world of worlds) world.randomNumber = randomId();
  const sorted = [...worlds].sort((a, b) => a.id - b.id);
  await pool.query({
    name: 'updates',
    text: 'UPDATE world SET randomnumber = v.r FROM (SELECT unnest($1::int[]) AS id, unnest($2::int[]) AS r) AS v WHERE world.id = v.id',
    values: [sorted.map((w) => w.id), sorted.map((w) => w.randomNumber)],
  });
  return worlds;
});

fastify.listen({ port: Number(process.argv[2] || 0), host: '127.0.0.1' }).then(() => {
  process.stdout.write(`ready ${fastify.server.address().port}\n`);
  // A close that fails ends the process all the same, as an unhandled rejection.
  process.on('SIGTERM', () => void fastify.close().then(() => pool.end()).then(() => process.exit(0)));
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
