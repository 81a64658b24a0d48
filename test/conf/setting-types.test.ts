import * as t from '../../src/conf/setting-types';

describe('setting types: is()', () => {
  test.each<[string, t.SettingType, unknown[], unknown[]]>([
    ['bool', t.bool, [true, false], ['true', 1, 0, null, undefined]],
    ['int', t.int, [0, -3, 8080], [1.5, '1', NaN, Infinity, 2 ** 60, null]],
    ['str', t.str, ['', 'x'], [1, null, undefined, ['x']]],
    ['nullableStr', t.nullableStr, [null, '', 'urls'], [undefined, 1, {}]],
    ['strList', t.strList, [[], ['a', 'b']], ['a', [1], ['a', null], {}]],
    ['object', t.object, [{}, { a: 1 }], [[], null, 'x']],
    ['objectList', t.objectList, [[], [{}, { a: 1 }]], [[{}, []], [null], {}]],
    ['moduleOrFunctionList', t.moduleOrFunctionList, [[], ['a.b', () => 1]], [[1], 'a', [{}]]],
    ['dirList', t.dirList, [[], ['static', ['prefix', 'dir']]], [[['a']], [['a', 'b', 'c']], [['a', 1]], 'static']],
    ['databases', t.databases, [{}, { default: 'pglite:.hyper/db', other: { url: 'x' } }], [[], 'postgres://', { default: 1 }, { a: ['x'] }]],
    ['timeZone', t.timeZoneType(), ['UTC', 'Europe/Paris', 'America/New_York'], ['', 'Mars/Olympus', 1, null]],
  ])('%s accepts what it should and refuses the rest', (_name, type, good, bad) => {
    for (const value of good) expect([value, type.is(value)]).toEqual([value, true]);
    for (const value of bad) expect([value, type.is(value)]).toEqual([value, false]);
  });

  test('each type names itself for messages', () => {
    expect(t.bool.expected).toBe('a boolean');
    expect(t.int.expected).toBe('an integer');
    expect(t.strList.expected).toBe('a list of strings');
    expect(t.timeZoneType().expected).toContain('IANA time zone');
  });
});

describe('setting types: parse() from the environment', () => {
  test('scalars', () => {
    expect(t.bool.parse('yes')).toBe(true);
    expect(t.int.parse('12')).toBe(12);
    expect(t.str.parse(' kept as is ')).toBe(' kept as is ');
    expect(t.nullableStr.parse('urls')).toBe('urls');
    expect(t.timeZoneType().parse('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(() => t.timeZoneType().parse('Nowhere/City')).toThrow("expected an IANA time zone name, got 'Nowhere/City'");
  });

  test('lists: comma-separated or JSON', () => {
    expect(t.strList.parse('a,b')).toEqual(['a', 'b']);
    expect(t.moduleOrFunctionList.parse('x.y, z')).toEqual(['x.y', 'z']);
    expect(t.dirList.parse('["static"]')).toEqual(['static']);
  });

  test('objects are JSON of the right shape', () => {
    expect(t.object.parse('{"version": 1}')).toEqual({ version: 1 });
    expect(() => t.object.parse('[1]')).toThrow("expected an object as JSON, got '[1]'");
    expect(t.objectList.parse('[{"DIRS": []}]')).toEqual([{ DIRS: [] }]);
    expect(() => t.objectList.parse('{}')).toThrow("expected a list of objects as JSON, got '{}'");
    expect(() => t.object.parse('nope')).toThrow("expected JSON, got 'nope'");
  });

  test('databases: a bare URL is the default alias, JSON sets several', () => {
    expect(t.databases.parse(' postgres://u@h/db ')).toEqual({ default: 'postgres://u@h/db' });
    expect(t.databases.parse('{"default": "pglite:db", "logs": "postgres://x"}')).toEqual({
      default: 'pglite:db',
      logs: 'postgres://x',
    });
    expect(() => t.databases.parse('{bad')).toThrow("expected JSON, got '{bad'");
  });
});

describe('describeValue', () => {
  test.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'undefined'],
    [() => 1, 'a function'],
    ['yes', "'yes' (string)"],
    [42, '42 (number)'],
    [true, 'true (boolean)'],
    [['a', 1], '["a",1] (array)'],
    [{ a: 1 }, '{"a":1} (object)'],
    [10n, '10 (bigint)'],
  ])('%p reads as %s', (value, expected) => {
    expect(t.describeValue(value)).toBe(expected);
  });

  test('long values are cut to 60 characters', () => {
    const described = t.describeValue('x'.repeat(100));
    expect(described).toBe(`'${'x'.repeat(57)}...' (string)`);
  });

  test('values JSON cannot show still describe themselves', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(t.describeValue(circular)).toBe('[object Object] (object)');
  });
});
