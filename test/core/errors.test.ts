import { HyperError, ImproperlyConfigured, LookupError, UserCodeError } from '../../src/core/errors';

describe('error catalogue', () => {
  test('each error has a stable code, its own class name, and is an Error', () => {
    const cases: Array<[HyperError, string, string]> = [
      [new ImproperlyConfigured('bad settings'), 'HYPER_IMPROPERLY_CONFIGURED', 'ImproperlyConfigured'],
      [new LookupError('no app'), 'HYPER_LOOKUP', 'LookupError'],
      [new UserCodeError('HYPER_USER_CODE', 'x.ts:1:1: boom'), 'HYPER_USER_CODE', 'UserCodeError'],
      [new HyperError('HYPER_CUSTOM', 'custom'), 'HYPER_CUSTOM', 'HyperError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(HyperError);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: ${error.message}`);
    }
  });

  test('a subclass names itself without redeclaring name', () => {
    class SettingsMissing extends ImproperlyConfigured {}
    const error = new SettingsMissing('none');
    expect(error.name).toBe('SettingsMissing');
    expect(error.code).toBe('HYPER_IMPROPERLY_CONFIGURED');
    expect(error).toBeInstanceOf(ImproperlyConfigured);
  });

  test('the original error is kept as cause', () => {
    const original = new TypeError('inner');
    expect(new ImproperlyConfigured('outer', { cause: original }).cause).toBe(original);
    expect(new UserCodeError('HYPER_USER_CODE', 'm', undefined, { cause: original }).cause).toBe(original);
  });

  test('UserCodeError carries its location for programs', () => {
    const location = { file: '/p/settings.ts', line: 3, column: 7 };
    expect(new UserCodeError('HYPER_SYNTAX_ERROR', 'm', location).location).toEqual(location);
    expect(new UserCodeError('HYPER_SYNTAX_ERROR', 'm').location).toBeUndefined();
  });
});
