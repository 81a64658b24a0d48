#!/usr/bin/env node
// `npm run bench -- signing` (after `npm run build`): signs and verifies a cookie
// value with hyper's Signer and with cookie-signature (Express's cookie signer, also
// HMAC-SHA256), and a JSON payload with dumps/loads vs JSON + cookie-signature, in
// one run; prints median ops/s and ratios.
'use strict';
const cookieSignature = require('cookie-signature');
const { configure } = require('../../dist/src/conf/settings');
const { Signer, dumps, loads } = require('../../dist/src/signing');

const { ROUNDS, fmt, compareOps } = require('../support/ops');
const ROUND_MS = Number(process.env.BENCH_ROUND_MS || 300);
const KEY = 'benchmark-secret-key-benchmark-secret-key-benchmark-secret';
configure({ SECRET_KEY: KEY });

const value = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const payload = { user: 42, roles: ['editor', 'reader'], cart: [1, 2, 3], theme: 'dark' };
const signer = new Signer({ salt: 'bench' });
const signed = signer.sign(value);
const csSigned = cookieSignature.sign(value, KEY);
const token = dumps(payload, { salt: 'bench' });
const csToken = cookieSignature.sign(Buffer.from(JSON.stringify(payload)).toString('base64url'), KEY);

const cases = [
  ['sign a cookie value', () => signer.sign(value), () => cookieSignature.sign(value, KEY)],
  ['verify a cookie value', () => signer.unsign(signed), () => cookieSignature.unsign(csSigned, KEY)],
  ['dumps a JSON payload', () => dumps(payload, { salt: 'bench' }), () => cookieSignature.sign(Buffer.from(JSON.stringify(payload)).toString('base64url'), KEY)],
  ['loads a JSON payload', () => loads(token, { salt: 'bench' }), () => JSON.parse(Buffer.from(cookieSignature.unsign(csToken, KEY), 'base64url').toString())],
];

console.log(`node ${process.version}; ${ROUNDS} rounds of ${ROUND_MS} ms, median ops/s`);
console.log('case'.padEnd(24), 'hyper'.padStart(12), 'cookie-signature'.padStart(18), 'ratio'.padStart(8));
(async () => {
  for (const [name, ours, theirs] of cases) {
    const { hyper: a, peer: b } = await compareOps({ hyper: ours, peer: theirs }, { roundMs: ROUND_MS, batch: 200, warmup: 2000 });
    console.log(name.padEnd(24), fmt(a).padStart(12), fmt(b).padStart(18), `${(a / b).toFixed(2)}x`.padStart(8));
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
