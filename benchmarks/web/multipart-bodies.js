// The bodies of the multipart benchmarks (multipart.js, multipart-instructions.js):
// one 10 MiB file, 200 small fields, a typical form. File contents are
// pseudo-random but the same in every process (AES-CTR over zeros), so two builds
// counted in separate processes parse the same bytes.
'use strict';
const crypto = require('node:crypto');
const { encodeMultipart } = require('../../dist/src/test-client/client');

const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
const CHUNK = 64 * 1024;
const MEMORY = 64 * 1024 * 1024; // FILE_UPLOAD_MAX_MEMORY_SIZE high enough to keep a file in memory

function randomBytes(length, seed) {
  const cipher = crypto.createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16));
  return cipher.update(Buffer.alloc(length));
}

function chunksOf(body, size = CHUNK) {
  const out = [];
  for (let pos = 0; pos < body.length; pos += size) out.push(body.subarray(pos, pos + size));
  return out;
}

const bigBody = () => encodeMultipart({ title: 'a big file', upload: { filename: 'big.bin', content: randomBytes(10 * 1024 * 1024, 1) } }, BOUNDARY);

function fieldsBody() {
  const fields = {};
  for (let i = 0; i < 200; i++) fields[`field_${i}`] = `value ${i} of a small form: ${'x'.repeat(i % 20)}`;
  return encodeMultipart(fields, BOUNDARY);
}

function typicalBody() {
  const typical = {};
  for (let i = 0; i < 10; i++) typical[`field_${i}`] = `some text for field ${i}`;
  typical.avatar = { filename: 'avatar.png', contentType: 'image/png', content: randomBytes(100 * 1024, 2) };
  typical.document = { filename: 'résumé.pdf', contentType: 'application/pdf', content: randomBytes(100 * 1024, 3) };
  return encodeMultipart(typical, BOUNDARY);
}

module.exports = { BOUNDARY, CHUNK, MEMORY, chunksOf, bigBody, fieldsBody, typicalBody };
