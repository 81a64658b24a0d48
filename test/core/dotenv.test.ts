import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { parseDotenv, readDotenv } from '../../src/core/dotenv';

const parse = (text: string) => Object.fromEntries(parseDotenv(text));

describe('parseDotenv', () => {
  test('KEY=value lines, with blank lines and # comments skipped', () => {
    const text = ['# a comment', '', 'DEBUG=true', '   # indented comment', 'SECRET_KEY=abc123', '\t', 'EMPTY='].join('\n');
    expect(parse(text)).toEqual({ DEBUG: 'true', SECRET_KEY: 'abc123', EMPTY: '' });
  });

  test('spaces around the key, the = and the value are trimmed', () => {
    expect(parse('  NAME  =   some value  ')).toEqual({ NAME: 'some value' });
  });

  test('an `export ` prefix is allowed', () => {
    expect(parse('export HYPER_DEBUG=1\nexport   OTHER = x')).toEqual({ HYPER_DEBUG: '1', OTHER: 'x' });
  });

  test('keys may hold digits, underscores and dots', () => {
    expect(parse('_A1.b_2=v')).toEqual({ '_A1.b_2': 'v' });
  });

  test('a later line wins over an earlier one', () => {
    expect(parse('A=1\nA=2')).toEqual({ A: '2' });
  });

  test('Windows line endings', () => {
    expect(parse('A=1\r\nB=2\r\n')).toEqual({ A: '1', B: '2' });
  });

  test('an inline comment needs whitespace before the #', () => {
    expect(parse('A=value # the comment')).toEqual({ A: 'value' });
    expect(parse('A=value\t# tab first')).toEqual({ A: 'value' });
    expect(parse('COLOR=#fff')).toEqual({ COLOR: '#fff' });
    expect(parse('URL=http://x/#frag')).toEqual({ URL: 'http://x/#frag' });
  });

  test('unquoted values keep = signs and inner spaces as written', () => {
    expect(parse('DATABASE_URL=postgres://u:p@h/db?a=b')).toEqual({ DATABASE_URL: 'postgres://u:p@h/db?a=b' });
    expect(parse('A=x   y')).toEqual({ A: 'x   y' });
  });

  test('single quotes are literal', () => {
    expect(parse("A='  spaced # not a comment \\n '")).toEqual({ A: '  spaced # not a comment \\n ' });
    expect(parse("A='say \"hi\"'")).toEqual({ A: 'say "hi"' });
  });

  test('double quotes understand \\n, \\r, \\t, \\" and \\\\', () => {
    expect(parse('A="line1\\nline2"')).toEqual({ A: 'line1\nline2' });
    expect(parse('A="a\\tb\\rc"')).toEqual({ A: 'a\tb\rc' });
    expect(parse('A="say \\"hi\\""')).toEqual({ A: 'say "hi"' });
    expect(parse('A="back\\\\nslash"')).toEqual({ A: 'back\\nslash' });
    // Other escapes are kept as written.
    expect(parse('A="\\d+"')).toEqual({ A: '\\d+' });
  });

  test('quoted values keep # and surrounding spaces, and may be followed by a comment', () => {
    expect(parse('A="  # not a comment  "')).toEqual({ A: '  # not a comment  ' });
    expect(parse('A="value" # a comment')).toEqual({ A: 'value' });
    expect(parse("A='value' # a comment")).toEqual({ A: 'value' });
    expect(parse('A=""')).toEqual({ A: '' });
  });

  test('a comment after a quoted value may itself contain quotes', () => {
    expect(parse('GREETING="hello" # the "default" greeting')).toEqual({ GREETING: 'hello' });
    expect(parse("A='x' # it's fine")).toEqual({ A: 'x' });
  });

  test('no interpolation: $VARS mean what they say', () => {
    expect(parse('A=1\nB=$A\nC="${A}"')).toEqual({ A: '1', B: '$A', C: '${A}' });
  });

  test('a line that is not KEY=value is an error naming file:line and the line', () => {
    const text = 'A=1\n# fine\nthis is not a setting\n';
    expect(() => parseDotenv(text, '/project/.env')).toThrow(ImproperlyConfigured);
    expect(() => parseDotenv(text, '/project/.env')).toThrow(
      "/project/.env:3: cannot read 'this is not a setting': expected KEY=value.",
    );
    expect(() => parseDotenv('1BAD=x')).toThrow(".env:1: cannot read '1BAD=x'");
    expect(() => parseDotenv('A=1\nB-C=2')).toThrow('.env:2:');
  });

  test('a quote that never closes is an error naming file:line', () => {
    expect(() => parseDotenv('A=1\nB="unterminated', 'my.env')).toThrow(
      'my.env:2: the value opens a " quote that never closes.',
    );
    expect(() => parseDotenv("B='open", 'my.env')).toThrow("my.env:1: the value opens a ' quote that never closes.");
    // An escaped quote does not close the value.
    expect(() => parseDotenv('B="abc\\"', 'my.env')).toThrow('my.env:1: the value opens a " quote that never closes.');
  });

  test('text after a closing quote that is not a comment is an error', () => {
    expect(() => parseDotenv('A="x"y', 'my.env')).toThrow(`my.env:1: unexpected 'y' after the closing " quote.`);
    expect(() => parseDotenv("A='x' 'y'", 'my.env')).toThrow("my.env:1: unexpected ''y'' after the closing ' quote.");
  });
});

describe('readDotenv', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-dotenv-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads a file', () => {
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'HYPER_DEBUG=true\nexport NAME="x y"\n');
    expect(Object.fromEntries(readDotenv(file))).toEqual({ HYPER_DEBUG: 'true', NAME: 'x y' });
  });

  test('a missing file is an empty map', () => {
    expect(readDotenv(path.join(dir, 'nope', '.env')).size).toBe(0);
  });

  test('errors name the file that was read', () => {
    const file = path.join(dir, 'bad.env');
    fs.writeFileSync(file, 'OK=1\n\noops\n');
    expect(() => readDotenv(file)).toThrow(`${file}:3: cannot read 'oops'`);
  });

  test('a folder where the file should be is an error, not an empty map', () => {
    const folder = path.join(dir, 'folder.env');
    fs.mkdirSync(folder);
    expect(() => readDotenv(folder)).toThrow(/EISDIR/);
  });
});
