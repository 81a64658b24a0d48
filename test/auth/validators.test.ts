// Password validators: each with Django's messages and codes, the shipped list of
// common passwords, validatePassword collecting every error, help texts.
import { configure, resetSettings } from '../../src/conf/settings';
import {
  CommonPasswordValidator,
  getPasswordValidators,
  MinimumLengthValidator,
  NumericPasswordValidator,
  PasswordValidationError,
  passwordValidatorsHelpTexts,
  quickRatio,
  UserAttributeSimilarityValidator,
  validatePassword,
} from '../../src/contrib/auth/validators';

async function errorOf(fn: () => unknown): Promise<PasswordValidationError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof PasswordValidationError) return error;
    throw error;
  }
  throw new Error('expected a PasswordValidationError');
}

beforeEach(() => {
  resetSettings();
  configure({
    SECRET_KEY: 'test',
    AUTH_PASSWORD_VALIDATORS: [
      { NAME: 'hyperdjango.auth.UserAttributeSimilarityValidator' },
      { NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 9 } },
      { NAME: 'hyperdjango.auth.CommonPasswordValidator' },
      { NAME: 'hyperdjango.auth.NumericPasswordValidator' },
    ],
  });
});

it('minimum length', async () => {
  const validator = new MinimumLengthValidator({ minLength: 9 });
  expect(validator.validate('123456789')).toBeUndefined();
  const error = await errorOf(() => validator.validate('12345678'));
  expect(error.messages).toEqual(['This password is too short. It must contain at least 9 characters.']);
  expect(error.codes).toEqual(['password_too_short']);
  expect(error.errorCodes).toEqual({ __all__: ['password_too_short'] });
  expect(new MinimumLengthValidator({ minLength: 1 }).getHelpText()).toBe('Your password must contain at least 1 character.');
});

it('common passwords, from the shipped list of 20,000', async () => {
  const validator = new CommonPasswordValidator();
  expect(validator.passwords.size).toBe(20000);
  for (const password of ['password', 'Password ', 'qwerty', '123456', 'iloveyou', 'letmein']) {
    expect((await errorOf(() => validator.validate(password))).codes).toEqual(['password_too_common']);
  }
  expect(validator.validate('correct horse battery staple 42')).toBeUndefined();
  expect(validator.getHelpText()).toBe('Your password can’t be a commonly used password.');
});

it('entirely numeric', async () => {
  const validator = new NumericPasswordValidator();
  expect((await errorOf(() => validator.validate('4815162342'))).messages).toEqual(['This password is entirely numeric.']);
  expect(validator.validate('48151623a')).toBeUndefined();
});

it("similarity to the user's attributes (Django's quick ratio, 0.7)", async () => {
  expect(quickRatio('abcd', 'bcda')).toBe(1);
  expect(quickRatio('abcd', 'abxy')).toBe(0.5);
  const validator = new UserAttributeSimilarityValidator();
  const user = { username: 'testclient', firstName: 'Test', lastName: 'Client', email: 'testclient@example.com' };
  expect((await errorOf(() => validator.validate('testclient', user))).messages).toEqual(['The password is too similar to the username.']);
  expect((await errorOf(() => validator.validate('example.com', user))).messages).toEqual(['The password is too similar to the email.']);
  expect((await errorOf(() => validator.validate('clientt', user))).codes).toEqual(['password_too_similar']);
  expect(validator.validate('a different phrase', user)).toBeUndefined();
  expect(validator.validate('testclient')).toBeUndefined();
  expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.05 })).toThrow('at least 0.1');
});

it('validatePassword collects every failure, and help texts list every validator', async () => {
  const error = await errorOf(() => validatePassword('12345', { username: 'ann' }));
  expect(error.codes).toEqual(['password_too_short', 'password_too_common', 'password_entirely_numeric']);
  expect(error.message).toContain('This password is too short.');
  await expect(validatePassword('Z9v!long enough phrase', { username: 'ann' })).resolves.toBeUndefined();
  expect(passwordValidatorsHelpTexts()).toHaveLength(4);
});

it("accepts Django's snake_case OPTIONS, and refuses unknown validator names", () => {
  const [validator] = getPasswordValidators([{ NAME: 'django.contrib.auth.password_validation.MinimumLengthValidator', OPTIONS: { min_length: 12 } }]);
  expect((validator as MinimumLengthValidator).minLength).toBe(12);
  expect(() => getPasswordValidators([{ NAME: 'hyperdjango.auth.MinimumLenghtValidator' }])).toThrow("Did you mean 'hyperdjango.auth.MinimumLengthValidator'?");
});
