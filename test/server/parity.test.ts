// The node:http adapter is the reference: for the same bytes in, both adapters
// give the same answers out — status, body and headers, apart from the ones
// node:http adds on its own (Date's value, Keep-Alive, Connection: keep-alive).
import { exchange, parseResponse } from './support/raw-client';
import { type TestApp, adapters, startApp } from './support/test-server';

const requests: string[] = [
  'GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'GET /u/12/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'POST /u/12/ HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
  'GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'GET /u/%31%32/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
  'POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
  'GET /stream HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'GET /stream HTTP/1.0\r\n\r\n',
  'GET / HTTP/1.0\r\n\r\n',
  'GET /throw HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'GET /u/1/ HTTP/1.1\r\nHost: t\r\n\r\nGET /u/2/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
  'POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello',
  'GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n',
];

function normalise(raw: string, head: boolean): string[] {
  const out: string[] = [];
  let data = Buffer.from(raw, 'latin1');
  while (data.length) {
    const parsed = parseResponse(data, head, true);
    if (!parsed) break;
    const { res, used } = parsed;
    const headers = res.headers
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .filter(([k, v]) => k !== 'keep-alive' && !(k === 'connection' && v === 'keep-alive'))
      .map(([k, v]) => `${k}: ${k === 'date' ? '<date>' : v}`)
      .sort();
    out.push(`${res.status} ${res.reason}\n${headers.join('\n')}\n\n${res.body.toString('latin1')}`);
    data = data.subarray(used);
  }
  return out;
}

(adapters.length === 2 ? describe : describe.skip)('native and node:http adapters answer alike', () => {
  const apps: TestApp[] = [];
  beforeAll(async () => {
    for (const a of adapters) apps.push(await startApp(a));
  });
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  test.each(requests.map((r) => [JSON.stringify(r).slice(1, 60), r]))('%s', async (_name, request) => {
    const head = request.startsWith('HEAD');
    const [native, node] = await Promise.all(apps.map((a) => exchange(a.port, request)));
    expect(normalise(native, head)).toEqual(normalise(node, head));
    expect(normalise(native, head).length).toBeGreaterThan(0);
  });
});
