'use strict';
// Bare node:http with a two-way if: the floor any node:http framework stands on.
const http = require('node:http');
const { PLAINTEXT, JSON_BODY, port, ready } = require('./common');

const server = http.createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(PLAINTEXT) });
    res.end(PLAINTEXT);
  } else if (req.url === '/json') {
    const body = JSON.stringify(JSON_BODY());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404);
    res.end();
  }
});
server.listen(port, '127.0.0.1', () => ready(server.address().port));
