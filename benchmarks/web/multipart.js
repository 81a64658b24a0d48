// `npm run bench -- web multipart [--rounds=7 --round-ms=400] [--against=DIR]` (after `npm run build`):
// parses the same multipart bodies with hyper's parseMultipart and with busboy (the
// parser under @fastify/multipart and multer), side by side in rotating rounds, next
// to a floor: the chunks Buffer.concat'ed and scanned with buf.indexOf(delimiter),
// which is what a native parser's boundary search could at best do (plus writing the
// file, in the case that spills to disk). For the small fields, a second floor: the
// least JS must do even if native code found every offset (one string per name and
// per value, into a QueryDict). Both parsers get the chunks one by one and hand back
// every field as a string and every file as a Buffer (or a 0600 temporary file,
// removed afterwards). Prints medians (MB/s or parses/s) and ratios to busboy.
// --against=DIR: the parser of another build's dist/ (a copy made before a change)
// runs in the same rounds as a third peer, for a before/after ratio that the
// machine's noise moves far less than two separate runs.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const busboy = require('busboy');
const { parseMultipart } = require('../../dist/src/http/multipart');
const { QueryDict } = require('../../dist/src/http/query-dict');
const { compareOps } = require('../support/ops');
const { args, opt } = require('../support/load');
const { BOUNDARY, CHUNK, MEMORY, chunksOf, bigBody: makeBigBody, fieldsBody: makeFieldsBody, typicalBody: makeTypicalBody } = require('./multipart-bodies');

const againstArg = args.find((a) => a.startsWith('--against='));
const against = againstArg && require(path.resolve(againstArg.slice('--against='.length), 'src/http/multipart')).parseMultipart;

const tempDir = os.tmpdir();

const tempPath = () => path.join(tempDir, `bench-upload-${crypto.randomBytes(12).toString('hex')}`);

async function hyper(chunks, fileMemorySize, parse = parseMultipart) {
  const { fields, files } = await parse(chunks, BOUNDARY, {
    maxFields: 1000,
    maxFiles: 100,
    maxFieldBytes: 2.5 * 1024 * 1024,
    fileMemorySize,
    tempDir,
  });
  for (const file of files.all()) await file.cleanup();
  return fields;
}

/** busboy as multer uses it: fields as strings, files into memory or onto disk. */
function viaBusboy(chunks, toDisk) {
  return new Promise((resolve, reject) => {
    const fields = {};
    const files = [];
    const bb = busboy({ headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, defParamCharset: 'utf8' });
    bb.on('field', (name, value) => (fields[name] ??= []).push(value));
    bb.on('file', (name, stream, info) => {
      if (toDisk) {
        const file = tempPath();
        const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
        files.push(new Promise((done, fail) => out.on('close', () => { fs.promises.rm(file, { force: true }).then(done, fail); }).on('error', fail)));
        stream.pipe(out);
      } else {
        const parts = [];
        stream.on('data', (data) => parts.push(data));
        files.push(new Promise((done) => stream.on('end', () => done({ name, info, buffer: Buffer.concat(parts) }))));
      }
    });
    bb.on('error', reject);
    bb.on('close', () => Promise.all(files).then(() => resolve(fields), reject));
    (async () => {
      for (const chunk of chunks) if (!bb.write(chunk)) await new Promise((r) => bb.once('drain', r));
      bb.end();
    })().catch(reject);
  });
}

/** The floor: the body gathered and its delimiters found, nothing parsed. */
function floor(chunks) {
  const delimiter = Buffer.from(`\r\n--${BOUNDARY}`);
  const all = Buffer.concat(chunks);
  let n = 0;
  for (let at = all.indexOf(delimiter); at >= 0; at = all.indexOf(delimiter, at + delimiter.length)) n++;
  return n;
}

/** The strings floor: the body's fields as a QueryDict from offsets found with indexOf, nothing checked. */
function stringsFloor(chunks) {
  const delimiter = Buffer.from(`\r\n--${BOUNDARY}`);
  const headersEnd = Buffer.from('\r\n\r\n');
  const all = Buffer.concat(chunks);
  const fields = new QueryDict();
  for (let at = all.indexOf(delimiter.subarray(2)) - 2; all[at + delimiter.length] !== 0x2d; ) {
    const head = at + delimiter.length + 2;
    const body = all.indexOf(headersEnd, head) + 4;
    const next = all.indexOf(delimiter, body);
    const text = all.toString('utf8', head, body - 4);
    const name = text.indexOf('name="') + 6;
    fields.append(text.slice(name, text.indexOf('"', name)), all.toString('utf8', body, next));
    at = next;
  }
  return fields;
}

/** The floor when the file goes to disk: each chunk scanned and written to a 0600 file (queueing up to 1 MiB, as hyper does). */
async function floorToDisk(chunks) {
  const delimiter = Buffer.from(`\r\n--${BOUNDARY}`);
  const file = tempPath();
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 });
  let n = 0;
  for (const chunk of chunks) {
    if (chunk.indexOf(delimiter) >= 0) n++;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve, reject) => out.on('error', reject).end(resolve));
  await fs.promises.rm(file, { force: true });
  return n;
}

const bigBody = makeBigBody();
const fieldsBody = makeFieldsBody();
const typicalBody = makeTypicalBody();

const cases = [
  { name: '10 MiB file, in memory', body: bigBody, unit: 'MB/s', batch: 1, memory: MEMORY, fns: {
    busboy: (c) => viaBusboy(c, false), floor } },
  { name: '10 MiB file, to disk', body: bigBody, unit: 'MB/s', batch: 1, memory: 0, fns: {
    busboy: (c) => viaBusboy(c, true), floor: floorToDisk } },
  { name: '200 small fields', body: fieldsBody, unit: 'parses/s', batch: 20, memory: MEMORY, fns: {
    busboy: (c) => viaBusboy(c, false), floor, strings: stringsFloor } },
  { name: '10 fields + 2 x 100 KiB files', body: typicalBody, unit: 'parses/s', batch: 10, memory: 2.5 * 1024 * 1024, fns: {
    busboy: (c) => viaBusboy(c, false), floor } },
];

module.exports = async function multipart() {
  const rounds = opt('rounds', 7);
  const roundMs = opt('round-ms', 400);
  process.stdout.write(`multipart/form-data parsing, bodies in ${CHUNK / 1024} KiB chunks; ${rounds} rounds of ${roundMs} ms per parser, rotating; medians; node ${process.version}\n\n`);
  const againstHead = against ? `${'against'.padStart(10)}${'x against'.padStart(11)}` : '';
  process.stdout.write(`${'case'.padEnd(32)}${'unit'.padStart(10)}${'hyper'.padStart(10)}${'busboy'.padStart(10)}${'floor'.padStart(10)}${'x busboy'.padStart(10)}${'of floor'.padStart(10)}${againstHead}${'strings'.padStart(10)}${'of strings'.padStart(12)}\n`);
  for (const c of cases) {
    // `memory` is FILE_UPLOAD_MAX_MEMORY_SIZE for hyper's parser (and the other build's).
    c.fns = { hyper: (chunks) => hyper(chunks, c.memory), ...c.fns };
    if (against) c.fns.against = (chunks) => hyper(chunks, c.memory, against);
    const chunks = chunksOf(c.body);
    // The same work: both parsers (and the strings floor) return the same fields.
    const ours = JSON.stringify((await c.fns.hyper(chunks)).toJSON());
    if (JSON.stringify(await c.fns.busboy(chunks)) !== ours) throw new Error(`${c.name}: busboy's fields differ`);
    if (c.fns.strings && JSON.stringify(c.fns.strings(chunks).toJSON()) !== ours) throw new Error(`${c.name}: the strings floor's fields differ`);
    const fns = Object.fromEntries(Object.entries(c.fns).map(([name, fn]) => [name, () => fn(chunks)]));
    const rates = await compareOps(fns, { rounds, roundMs, batch: c.batch, warmup: c.batch * 10 });
    const scale = c.unit === 'MB/s' ? c.body.length / 1e6 : 1;
    const [h, b, f] = [rates.hyper * scale, rates.busboy * scale, rates.floor * scale];
    const num = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
    const strings = rates.strings ? `${num(rates.strings).padStart(10)}${(h / rates.strings).toFixed(2).padStart(12)}` : '';
    const vsAgainst = against ? `${num(rates.against * scale).padStart(10)}${(rates.hyper / rates.against).toFixed(3).padStart(11)}` : '';
    process.stdout.write(`${c.name.padEnd(32)}${c.unit.padStart(10)}${num(h).padStart(10)}${num(b).padStart(10)}${num(f).padStart(10)}${(h / b).toFixed(2).padStart(10)}${(h / f).toFixed(2).padStart(10)}${vsAgainst}${strings}\n`);
  }
};
