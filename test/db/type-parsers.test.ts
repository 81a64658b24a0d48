import { DataError } from '../../src/db/errors';
import { serializeParameter } from '../../src/db/parameters';
import { OID, parseArray, typeParser } from '../../src/db/type-parsers';

describe('typeParser', () => {
  test('int8: a number while exact, else the string', () => {
    const parse = typeParser(OID.int8);
    expect(parse('9007199254740991')).toBe(9007199254740991);
    expect(parse('-9007199254740993')).toBe('-9007199254740993');
  });

  test('timestamps: offsets, fractions, BC, infinity', () => {
    const parse = typeParser(OID.timestamptz);
    expect(parse('2024-05-01 10:20:30.1234+00')).toEqual(new Date('2024-05-01T10:20:30.123Z'));
    expect(parse('2024-05-01 10:20:30-05:30')).toEqual(new Date('2024-05-01T15:50:30Z'));
    expect(parse('0044-03-15 12:00:00+00')).toEqual(new Date('0044-03-15T12:00:00Z'));
    expect((parse('0001-01-01 00:00:00+00 BC') as Date).getUTCFullYear()).toBe(0);
    expect(parse('infinity')).toBe('infinity');
    expect(parse('-infinity')).toBe('-infinity');
  });

  test('UTC timestamps read by the quick path match the general pattern, for every fraction length', () => {
    const parse = typeParser(OID.timestamptz);
    const cases: Array<[string, string]> = [
      ['2024-05-01 10:20:30+00', '2024-05-01T10:20:30.000Z'],
      ['2024-05-01 10:20:30.5+00', '2024-05-01T10:20:30.500Z'],
      ['2024-05-01 10:20:30.05+00', '2024-05-01T10:20:30.050Z'],
      ['2024-05-01 10:20:30.005+00', '2024-05-01T10:20:30.005Z'],
      ['2024-12-31 23:59:59.999999+00', '2024-12-31T23:59:59.999Z'],
      ['2024-02-29 00:00:00.00001+00', '2024-02-29T00:00:00.000Z'],
      ['0100-01-01 00:00:00+00', '0100-01-01T00:00:00.000Z'],
      ['0099-06-01 12:00:00+00', '0099-06-01T12:00:00.000Z'],
      ['9999-12-31 23:59:59.9+00', '9999-12-31T23:59:59.900Z'],
      ['2024-05-01 10:20:30.25+01', '2024-05-01T09:20:30.250Z'],
    ];
    for (const [text, iso] of cases) expect([text, (parse(text) as Date).toISOString()]).toEqual([text, iso]);
  });

  test('bytea in hex and escape forms', () => {
    expect(typeParser(OID.bytea)('\\x00ff')).toEqual(Buffer.from([0, 255]));
    expect(typeParser(OID.bytea)('a\\\\\\001')).toEqual(Buffer.from([97, 92, 1]));
  });

  test('unknown types stay text', () => {
    expect(typeParser(2950)('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(typeParser(600)('(1,2)')).toBe('(1,2)');
  });
});

describe('parseArray', () => {
  const text = (value: string) => value;
  test.each([
    ['{}', []],
    ['{a,b}', ['a', 'b']],
    ['{"a b","c,d","e\\"f","g\\\\h",NULL,"NULL"}', ['a b', 'c,d', 'e"f', 'g\\h', null, 'NULL']],
    ['{{1,2},{3,4}}', [['1', '2'], ['3', '4']]],
    ['[0:1]={x,y}', ['x', 'y']],
  ])('%s', (literal, expected) => {
    expect(parseArray(literal, text)).toEqual(expected);
  });
});

describe('serializeParameter', () => {
  test.each<[unknown, string | null]>([
    [null, null],
    [undefined, null],
    ['x', 'x'],
    [1.5, '1.5'],
    [Infinity, 'Infinity'],
    [10n ** 20n, '100000000000000000000'],
    [true, 'true'],
    [new Date('2024-01-02T03:04:05.678Z'), '2024-01-02T03:04:05.678Z'],
    [Buffer.from([1, 2]), '\\x0102'],
    [new Uint8Array([255]), '\\xff'],
    [[1, null, 'a"b', ['c']], '{"1",NULL,"a\\"b",{"c"}}'],
    [{ a: [1] }, '{"a":[1]}'],
  ])('%p', (value, expected) => {
    expect(serializeParameter(value)).toBe(expected);
  });

  test('refuses what has no SQL meaning', () => {
    expect(() => serializeParameter(new Date(NaN))).toThrow(DataError);
    expect(() => serializeParameter(Symbol('s'))).toThrow('A query parameter cannot be a symbol.');
  });
});
