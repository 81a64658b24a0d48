// Before measuring, each server's answers are checked against TechEmpower's rules,
// so that no peer is faster for doing less: the JSON shapes, 20 rows for queries and
// updates, the fortunes table sorted with the added row and
// the script escaped.
'use strict';

async function get(server, urlPath) {
  const res = await fetch(`http://127.0.0.1:${server.port}${urlPath}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${server.name} ${urlPath}: status ${res.status}`);
  return { text, type: res.headers.get('content-type') ?? '' };
}

function isWorld(w) {
  return w && Number.isInteger(w.id) && w.id >= 1 && w.id <= 10000 && Number.isInteger(w.randomNumber) && Object.keys(w).length === 2;
}

async function checkResponses(server, tests) {
  const fail = (what) => {
    throw new Error(`${server.name}: ${what}`);
  };
  const json = await get(server, tests.json);
  if (JSON.parse(json.text).message !== 'Hello, World!' || !json.type.startsWith('application/json')) fail('/json is not {"message":"Hello, World!"}');
  const plain = await get(server, tests.plaintext);
  if (plain.text !== 'Hello, World!' || !plain.type.startsWith('text/plain')) fail('/plaintext is not Hello, World!');
  if (!isWorld(JSON.parse((await get(server, tests.db)).text))) fail('/db is not one {id, randomNumber}');
  for (const name of ['queries', 'updates']) {
    const rows = JSON.parse((await get(server, tests[name])).text);
    if (!Array.isArray(rows) || rows.length !== 20 || !rows.every(isWorld)) fail(`/${name} is not 20 rows of {id, randomNumber}`);
  }
  const fortunes = await get(server, tests.fortunes);
  const cells = [...fortunes.text.matchAll(/<tr><td>(\d+)<\/td><td>(.*?)<\/td><\/tr>/g)];
  if (cells.length !== 13) fail(`/fortunes has ${cells.length} rows, not 13`);
  if (!fortunes.text.includes('<td>0</td><td>Additional fortune added at request time.</td>')) fail('/fortunes lacks the row added at request time');
  if (!/&lt;script&gt;alert\((&quot;|&#34;)This should not/.test(fortunes.text)) fail('/fortunes does not escape the script');
  if (!fortunes.text.includes('フレームワークのベンチマーク')) fail('/fortunes lost the UTF-8 row');
  if (cells[0][1] !== '11' || cells[12][1] !== '12') fail('/fortunes is not sorted by message');
  if (!fortunes.type.startsWith('text/html')) fail('/fortunes is not text/html');
}

module.exports = { checkResponses };
