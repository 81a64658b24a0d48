// Django's shortcuts: sendMail, sendMassMail (every mail over one connection),
// mailAdmins and mailManagers (to ADMINS / MANAGERS, from SERVER_EMAIL, the subject
// prefixed with EMAIL_SUBJECT_PREFIX).
import { settings } from '../conf/settings';
import type { MailRecipientEntry } from '../conf/mail-settings';
import type { BaseEmailBackend } from './backends/base';
import { getConnection } from './connection';
import { EmailMessage, EmailMultiAlternatives } from './message';

export interface SendMailOptions {
  failSilently?: boolean;
  /** Log in to the SMTP server as this user instead of EMAIL_HOST_USER. */
  authUser?: string;
  authPassword?: string;
  connection?: BaseEmailBackend | null;
  /** An HTML rendering sent beside the text. */
  htmlMessage?: string | null;
}

function connectionFor(options: SendMailOptions): BaseEmailBackend {
  if (options.connection) return options.connection;
  return getConnection(null, {
    failSilently: options.failSilently,
    ...(options.authUser === undefined ? {} : { username: options.authUser }),
    ...(options.authPassword === undefined ? {} : { password: options.authPassword }),
  });
}

/** Sends one mail to every address of `recipientList` (they see each other in To); the number sent. */
export async function sendMail(subject: string, message: string, fromEmail: string | null, recipientList: readonly string[], options: SendMailOptions = {}): Promise<number> {
  const mail = new EmailMultiAlternatives({ subject, body: message, fromEmail, to: recipientList, connection: connectionFor(options) });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return mail.send(options.failSilently);
}

/** One mail per [subject, message, fromEmail, recipientList], all over one connection; the number sent. */
export async function sendMassMail(datatuple: ReadonlyArray<readonly [string, string, string | null, readonly string[]]>, options: Omit<SendMailOptions, 'htmlMessage'> = {}): Promise<number> {
  const connection = connectionFor(options);
  const messages = datatuple.map(([subject, body, fromEmail, to]) => new EmailMessage({ subject, body, fromEmail, to, connection }));
  return connection.sendMessages(messages);
}

/** The address of an ADMINS or MANAGERS entry. */
function address(entry: MailRecipientEntry): string {
  return typeof entry === 'string' ? entry : `"${entry[0].replace(/["\\]/g, '')}" <${entry[1]}>`;
}

async function mailTo(entries: MailRecipientEntry[], subject: string, message: string, options: Omit<SendMailOptions, 'authUser' | 'authPassword'>): Promise<number> {
  if (!entries.length) return 0;
  const mail = new EmailMultiAlternatives({
    subject: `${String(settings.EMAIL_SUBJECT_PREFIX)}${subject}`,
    body: message,
    fromEmail: String(settings.SERVER_EMAIL),
    to: entries.map(address),
    connection: connectionFor(options),
  });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return mail.send(options.failSilently);
}

/** Mails ADMINS (nothing when it is empty). */
export async function mailAdmins(subject: string, message: string, options: Omit<SendMailOptions, 'authUser' | 'authPassword'> = {}): Promise<number> {
  return mailTo(settings.ADMINS, subject, message, options);
}

/** Mails MANAGERS (nothing when it is empty). */
export async function mailManagers(subject: string, message: string, options: Omit<SendMailOptions, 'authUser' | 'authPassword'> = {}): Promise<number> {
  return mailTo(settings.MANAGERS, subject, message, options);
}
