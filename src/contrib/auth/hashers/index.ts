// src/contrib/auth/hashers: password hashing (scrypt by default, PBKDF2 for Django
// compatibility) and makePassword/checkPassword over PASSWORD_HASHERS.
export { BasePasswordHasher } from './base';
export type { DecodedHash } from './base';
export { ScryptPasswordHasher } from './scrypt';
export { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './pbkdf2';
export { checkPassword, getHasher, getHashers, identifyHasher, isPasswordUsable, makePassword, UNUSABLE_PASSWORD_PREFIX, unusablePassword } from './passwords';
