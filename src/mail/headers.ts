// Refusing header injection: every value that ends up in a header line (subject,
// addresses, custom headers, attachment names) is checked for CR and LF before a
// message is built, so the check does not depend on what the mail library escapes.
import { InvalidArgument } from '../core/errors';
import { BadHeaderError } from './errors';

const LINE_BREAK = /[\r\n]/;

/** Throws BadHeaderError when `value` holds a CR or LF; `where` names the header for the message. */
export function forbidLineBreaks(where: string, value: string): string {
  if (LINE_BREAK.test(value)) {
    throw new BadHeaderError(`Header values cannot contain newlines: ${where} is ${JSON.stringify(value)}; remove the line break (a client's input must not reach a header unchecked).`);
  }
  return value;
}

/** Checks each address of a list; returns a copy. */
export function checkAddresses(where: string, addresses: readonly string[] | undefined): string[] {
  if (addresses === undefined) return [];
  if (typeof addresses === 'string') throw new InvalidArgument('HYPER_MAIL_ADDRESS_LIST', `${where} must be a list of addresses, not a string: write [${JSON.stringify(addresses)}].`);
  return addresses.map((address, index) => forbidLineBreaks(`${where}[${index}]`, address));
}
