// hyperdjango/signing: cryptographic signing of values (Django's django.core.signing):
// Signer, TimestampSigner, dumps/loads of JSON values, key rotation through
// SECRET_KEY_FALLBACKS. Signed cookies are on Request and Response (src/http).
export { Signer, TimestampSigner, dumps, loads, maxAgeSeconds, type SignerOptions, type DumpsOptions, type ObjectOptions, type MaxAge } from './signer';
export { BadSignature, SignatureExpired } from './errors';
export { saltedHmac, saltedHmacBase64, constantTimeEqual, randomString, ALPHANUMERIC, b64Encode, b64Decode, b62Encode, b62Decode } from './crypto';
