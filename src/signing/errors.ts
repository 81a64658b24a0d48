// The signing error catalogue: a value whose signature does not verify, and one
// whose signature verifies but whose timestamp is older than allowed.
import { HyperError } from '../core/errors';

/** The signature does not match the value (tampered, wrong key or wrong salt). */
export class BadSignature extends HyperError {
  constructor(message: string, code = 'HYPER_BAD_SIGNATURE') {
    super(code, message);
  }
}

/** The signature is good but older than maxAge. A BadSignature, so one catch handles both. */
export class SignatureExpired extends BadSignature {
  constructor(message: string) {
    super(message, 'HYPER_SIGNATURE_EXPIRED');
  }
}
