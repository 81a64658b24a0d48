import {
  CheckError,
  CheckMessage,
  CRITICAL,
  Critical,
  DEBUG,
  Debug,
  ERROR,
  INFO,
  Info,
  LEVEL_NAMES,
  levelFromName,
  WARNING,
  Warning,
} from '../../src/checks/messages';

describe('levels', () => {
  test("ordered as Django's, each class at its level", () => {
    expect([DEBUG, INFO, WARNING, ERROR, CRITICAL]).toEqual([10, 20, 30, 40, 50]);
    const made = [new Debug('m'), new Info('m'), new Warning('m'), new CheckError('m'), new Critical('m')];
    expect(made.map((message) => message.level)).toEqual([DEBUG, INFO, WARNING, ERROR, CRITICAL]);
    expect(made.map((message) => message.levelName)).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
    for (const message of made) expect(message).toBeInstanceOf(CheckMessage);
  });

  test('levelFromName, any case', () => {
    for (const [level, name] of Object.entries(LEVEL_NAMES)) {
      expect(levelFromName(name)).toBe(Number(level));
      expect(levelFromName(name.toLowerCase())).toBe(Number(level));
    }
    expect(levelFromName('LOUD')).toBeUndefined();
  });

  test('an unnamed level reads as its number', () => {
    expect(new CheckMessage(35, 'm').levelName).toBe('35');
  });
});

describe('CheckMessage', () => {
  test('isSerious: ERROR and above by default, or from a given level', () => {
    expect(new Warning('m').isSerious()).toBe(false);
    expect(new CheckError('m').isSerious()).toBe(true);
    expect(new Critical('m').isSerious()).toBe(true);
    expect(new Warning('m').isSerious(WARNING)).toBe(true);
    expect(new Info('m').isSerious(WARNING)).toBe(false);
    expect(new CheckError('m').isSerious(CRITICAL)).toBe(false);
  });

  test('isSilenced by id only', () => {
    const message = new Warning('m', { id: 'security.W018' });
    expect(message.isSilenced(['security.W018'])).toBe(true);
    expect(message.isSilenced(['security.W01', 'security.W0188'])).toBe(false);
    expect(message.isSilenced([])).toBe(false);
    expect(new Warning('m').isSilenced(['security.W018'])).toBe(false);
  });

  test('toString: `obj: (id) msg` and a tab-indented HINT line', () => {
    expect(String(new CheckError('SECRET_KEY is empty.', { id: 'settings.E001', obj: 'settings.ts', hint: 'Set it.' }))).toBe(
      'settings.ts: (settings.E001) SECRET_KEY is empty.\n\tHINT: Set it.',
    );
    expect(String(new Warning('No hint.', { id: 'x.W001' }))).toBe('?: (x.W001) No hint.');
    expect(String(new Info('Bare.'))).toBe('?: Bare.');
  });

  test('the object reads as its label, else its name, else itself', () => {
    const name = (obj: unknown) => new Info('m', { obj }).objectName;
    expect(name({ label: 'blog', name: 'apps/blog' })).toBe('blog');
    expect(name({ name: 'Post' })).toBe('Post');
    expect(name('settings.ts')).toBe('settings.ts');
    expect(name(null)).toBe('?');
    expect(name(42)).toBe('42');
    expect(name({ toString: () => 'custom' })).toBe('custom');
  });

  test('toJSON for --format json', () => {
    expect(new Warning('m', { id: 'security.W020', obj: { label: 'blog' }, hint: 'h' }).toJSON()).toEqual({
      level: 'WARNING',
      id: 'security.W020',
      obj: 'blog',
      msg: 'm',
      hint: 'h',
    });
    expect(JSON.parse(JSON.stringify(new Critical('boom')))).toEqual({ level: 'CRITICAL', id: null, obj: '?', msg: 'boom', hint: null });
  });
});
