'use strict';
const express = require('express');
const { PLAINTEXT, JSON_BODY, port, ready } = require('./common');

const app = express();
app.disable('etag');
app.disable('x-powered-by');
app.get('/', (req, res) => { res.type('text/plain').send(PLAINTEXT); });
app.get('/json', (req, res) => { res.json(JSON_BODY()); });
const server = app.listen(port, '127.0.0.1', () => ready(server.address().port));
