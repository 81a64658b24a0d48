import { parseBoolean, parseInteger, parseJson, parseList } from '../../src/conf/parse-env-value';
import { InvalidArgument } from '../../src/core/errors';

describe('parseBoolean', () => {
  test.each(['true', 'TRUE', 'True', '1', 'yes', 'YES', 'on', ' on '])('%j is true', (raw) => {
    expect(parseBoolean(raw)).toBe(true);
  });
  test.each(['false', 'False', '0', 'no', 'off', '', '  '])('%j is false', (raw) => {
    expect(parseBoolean(raw)).toBe(false);
  });
  test('anything else is an InvalidArgument listing the accepted spellings and the value', () => {
    expect(() => parseBoolean('maybe')).toThrow(InvalidArgument);
    expect(() => parseBoolean('maybe')).toThrow("expected a boolean (true/false, 1/0, yes/no or on/off), got 'maybe'");
    expect(() => parseBoolean('2')).toThrow("got '2'");
    expect(() => parseBoolean('t')).toThrow(InvalidArgument);
    expect(() => parseBoolean('t')).toThrow(expect.objectContaining({ code: 'HYPER_ENV_BAD_VALUE' }));
  });
});

describe('parseInteger', () => {
  test.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    [' 8080 ', 8080],
    ['007', 7],
  ])('%j is %d', (raw, expected) => {
    expect(parseInteger(raw)).toBe(expected);
  });
  test.each(['', 'abc', '1.5', '1e3', '0x10', '12px', '1 2', '--1'])('%j is not an integer', (raw) => {
    expect(() => parseInteger(raw)).toThrow(`expected an integer, got '${raw}'`);
  });
  test('an integer beyond the safe range is refused rather than rounded', () => {
    expect(() => parseInteger('9007199254740993')).toThrow("expected an integer, got '9007199254740993' (too large)");
    expect(parseInteger(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('parseList', () => {
  test('comma-separated, items trimmed, empty items dropped', () => {
    expect(parseList('a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(parseList('localhost,,127.0.0.1,')).toEqual(['localhost', '127.0.0.1']);
    expect(parseList('one')).toEqual(['one']);
    expect(parseList('')).toEqual([]);
    expect(parseList('  ')).toEqual([]);
  });
  test('a JSON array of strings, which may hold commas', () => {
    expect(parseList('["a,b", " c "]')).toEqual(['a,b', ' c ']);
    expect(parseList('  []  ')).toEqual([]);
  });
  test('a JSON array of anything but strings, or bad JSON, is an error', () => {
    expect(() => parseList('[1, 2]')).toThrow("expected a JSON array of strings, got '[1, 2]'");
    expect(() => parseList('["a", null]')).toThrow('expected a JSON array of strings');
    expect(() => parseList('[a, b]')).toThrow("expected JSON, got '[a, b]'");
  });
});

describe('parseJson', () => {
  test('parses JSON', () => {
    expect(parseJson('{"a": [1, true, null]}')).toEqual({ a: [1, true, null] });
  });
  test("bad JSON is an InvalidArgument quoting the value and the parser's reason", () => {
    expect(() => parseJson('{oops}')).toThrow(InvalidArgument);
    expect(() => parseJson('{oops}')).toThrow(/^expected JSON, got '\{oops\}' \(.+\)$/);
  });
});
