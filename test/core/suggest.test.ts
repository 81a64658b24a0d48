import { closestMatch, didYouMean, editDistance } from '../../src/core/suggest';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['DEBUG', 'DEBUG', 0],
    ['DEBUG', 'DEBG', 1], // deletion
    ['DEBUG', 'DEBUGG', 1], // insertion
    ['DEBUG', 'DEBAG', 1], // substitution
    ['DEBUG', 'DEBGU', 1], // transposition counts as one edit
    ['ab', 'ba', 1],
    ['abcd', 'badc', 2],
  ])('%j -> %j is %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });

  test('ignores case', () => {
    expect(editDistance('debug', 'DEBUG')).toBe(0);
    expect(editDistance('Secret_Key', 'SECRET_KEY')).toBe(0);
  });
});

describe('closestMatch', () => {
  const settings = ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'INSTALLED_APPS', 'STATIC_URL', 'STATIC_ROOT'];

  test('finds a plausible typo', () => {
    expect(closestMatch('DEBGU', settings)).toBe('DEBUG');
    expect(closestMatch('SECRETKEY', settings)).toBe('SECRET_KEY');
    expect(closestMatch('INSTALED_APPS', settings)).toBe('INSTALLED_APPS');
  });

  test('prefers the closest candidate', () => {
    expect(closestMatch('STATIC_URLS', settings)).toBe('STATIC_URL');
    expect(closestMatch('STATIC_ROOTS', settings)).toBe('STATIC_ROOT');
  });

  test('allows up to a third of the name in edits, and at least one', () => {
    // 9 letters: 3 edits allowed, 4 are too many.
    expect(closestMatch('abcdefxyz', ['abcdefghi'])).toBe('abcdefghi');
    expect(closestMatch('abcdewxyz', ['abcdefghi'])).toBeUndefined();
    // Short names still get one edit.
    expect(closestMatch('ab', ['ac'])).toBe('ac');
    expect(closestMatch('ab', ['cd'])).toBeUndefined();
  });

  test('nothing for unrelated names, an exact name, or no candidates', () => {
    expect(closestMatch('DATABASE_ROUTERS', settings)).toBeUndefined();
    expect(closestMatch('DEBUG', ['DEBUG'])).toBeUndefined();
    expect(closestMatch('DEBUG', [])).toBeUndefined();
  });

  test('accepts any iterable', () => {
    expect(closestMatch('blg', new Set(['blog', 'shop']))).toBe('blog');
    expect(closestMatch('shp', new Map([['shop', 1]]).keys())).toBe('shop');
  });
});

describe('didYouMean', () => {
  test('a sentence ready to append, or nothing', () => {
    expect(didYouMean('migrat', ['migrate', 'makemigrations'])).toBe(" Did you mean 'migrate'?");
    expect(didYouMean('zzz', ['migrate'])).toBe('');
  });
});
