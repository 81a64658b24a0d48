// The fixture reader (src/orm/serializers/json-format.ts): whatever the chunks a file
// arrives in, it hands out the elements JSON.parse sees, a chunk's worth at a time,
// and names a bad element by its index.
import { readFixture, type FixtureFormat, type ReadObject } from '../../src/orm/serializers';

const TRICKY = [
  { model: 'blog.post', pk: 1, fields: { title: 'a "quoted" \\ title, with [brackets] and {braces}', tags: [1, 2] } },
  { model: 'blog.post', pk: 2, fields: { title: 'ends in a backslash \\', meta: { nested: [{ deep: '\\"' }] } } },
  { model: 'blog.post', pk: 3, fields: { title: 'ünïcödé ✓ 😀', meta: null } },
  'a scalar',
  42,
  [1, [2, '3]']],
];

async function read(text: string | Buffer, chunkSize: number, format: FixtureFormat = 'json'): Promise<ReadObject[][]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  async function* chunks() {
    for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
  }
  const batches: ReadObject[][] = [];
  for await (const batch of readFixture(chunks(), format, 'fixture.json')) batches.push(batch);
  return batches;
}

describe('readFixture', () => {
  const text = JSON.stringify(TRICKY, null, 1);
  const expected = TRICKY.map((value, index) => ({ value, index: index + 1 }));

  test('the same elements whatever the chunk size, even one byte (strings, escapes and UTF-8 split anywhere)', async () => {
    for (const size of [1, 2, 3, 5, 7, 16, 64, text.length]) {
      expect([size, (await read(text, size)).flat()]).toEqual([size, expected]);
    }
  });

  test('elements come a chunk at a time: one batch for a fixture read whole', async () => {
    expect(await read(text, 1 << 20)).toEqual([expected]);
    expect((await read(text, 40)).length).toBeGreaterThan(3);
  });

  test('jsonl: one object a line, blank lines skipped, lines split across chunks', async () => {
    const lines = `${TRICKY.map((value) => JSON.stringify(value)).join('\n\n')}\n`;
    for (const size of [1, 9, 1 << 20]) expect((await read(lines, size, 'jsonl')).flat()).toEqual(expected);
  });

  test('an empty array and a byte order mark', async () => {
    expect(await read(' [ ] ', 2)).toEqual([]);
    expect((await read('\ufeff[{"a": 1}]', 3)).flat()).toEqual([{ value: { a: 1 }, index: 1 }]);
  });

  test.each([
    ['{"model": "x"}', /fixture\.json: it does not start with \[/],
    ['', /fixture\.json: it is empty/],
    ['[1, 2', /it ends inside the array \(after object 1\)/],
    ['[1,,2]', /a value is missing after object 1/],
    ['[1] x', /there is text after the closing \]/],
    ['[{"a": 1}, {"a": tru}, {"a": 3}]', /fixture\.json: object 2 is not valid JSON/],
  ])('names what is wrong with %j', async (bad, message) => {
    for (const size of [1, 4, 1 << 20]) await expect(read(bad, size)).rejects.toThrow(message);
  });

  test('a jsonl line that is not JSON is named by its line number', async () => {
    await expect(read('{"a": 1}\n\n{"a": \n', 5, 'jsonl')).rejects.toThrow(/fixture\.json: line 3 is not valid JSON/);
  });
});
