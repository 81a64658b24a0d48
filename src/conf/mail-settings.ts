// Settings of sending mail (src/mail), declared here so that loading settings knows
// them; the names and defaults are Django's. See docs/mail.md.
import { declareSetting } from './declarations';
import * as t from './setting-types';
import type { SettingType } from './setting-types';
import { badEnvValue, parseJson, parseList } from './parse-env-value';

/** A mail backend: 'smtp', 'console', 'file', 'locmem', 'dummy' (or 'hyperdjango.mail.backends.smtp'), or a backend class. */
export type MailBackendEntry = string | (abstract new (...args: never[]) => unknown);

/** An ADMINS or MANAGERS entry: an address, or Django's older [name, address] pair. */
export type MailRecipientEntry = string | [string, string];

declare module './global-settings' {
  interface Settings {
    EMAIL_BACKEND: MailBackendEntry | null;
    EMAIL_HOST: string;
    EMAIL_PORT: number;
    EMAIL_HOST_USER: string;
    EMAIL_HOST_PASSWORD: string;
    EMAIL_USE_TLS: boolean;
    EMAIL_USE_SSL: boolean;
    EMAIL_TIMEOUT: number | null;
    EMAIL_SUBJECT_PREFIX: string;
    EMAIL_FILE_PATH: string | null;
    DEFAULT_FROM_EMAIL: string;
    SERVER_EMAIL: string;
    ADMINS: MailRecipientEntry[];
    MANAGERS: MailRecipientEntry[];
  }
}

const backend: SettingType<MailBackendEntry | null> = {
  expected: "null, 'smtp', 'console', 'file', 'locmem', 'dummy' or a backend class",
  is: (v): v is MailBackendEntry | null => v === null || typeof v === 'string' || typeof v === 'function',
  parse: (raw) => (raw.trim() === '' || raw.trim().toLowerCase() === 'null' ? null : raw.trim()),
};

const isRecipient = (item: unknown): boolean =>
  typeof item === 'string' || (Array.isArray(item) && item.length === 2 && item.every((part) => typeof part === 'string'));
const recipients: SettingType<MailRecipientEntry[]> = {
  expected: "a list of addresses ('Ann <ann@example.com>') or [name, address] pairs",
  is: (v): v is MailRecipientEntry[] => Array.isArray(v) && v.every(isRecipient),
  parse: (raw) => {
    const value = raw.trim().startsWith('[') ? parseJson(raw) : parseList(raw);
    if (!recipients.is(value)) throw badEnvValue(`expected a comma-separated list of addresses or a JSON list, got '${raw}'`);
    return value;
  },
};
const timeout: SettingType<number | null> = {
  expected: 'a number of seconds or null',
  is: (v): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0),
  parse: (raw) => {
    if (raw.trim() === '' || raw.trim().toLowerCase() === 'null') return null;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw badEnvValue(`expected a positive number of seconds, got '${raw}'`);
    return value;
  },
};

const decl = declareSetting;
decl({ name: 'EMAIL_BACKEND', type: backend, default: null, doc: "How mail is sent: 'smtp', 'console', 'file', 'locmem', 'dummy' or a class; null is 'console' under DEBUG, 'smtp' otherwise." });
decl({ name: 'EMAIL_HOST', type: t.str, default: 'localhost', doc: 'The SMTP server mail is sent through.' });
decl({ name: 'EMAIL_PORT', type: t.int, default: 25, doc: 'The SMTP server\'s port (587 for STARTTLS, 465 for SSL as a rule).' });
decl({ name: 'EMAIL_HOST_USER', type: t.str, default: '', doc: 'The user to log in to the SMTP server as; empty sends without AUTH.' });
decl({ name: 'EMAIL_HOST_PASSWORD', type: t.str, default: '', doc: "EMAIL_HOST_USER's password (masked on the DEBUG page and by diffsettings)." });
decl({ name: 'EMAIL_USE_TLS', type: t.bool, default: false, doc: 'Upgrade the SMTP connection with STARTTLS, refusing to send when the server cannot (not with EMAIL_USE_SSL).' });
decl({ name: 'EMAIL_USE_SSL', type: t.bool, default: false, doc: 'Speak SMTP inside TLS from the first byte, port 465 as a rule (not with EMAIL_USE_TLS).' });
decl({ name: 'EMAIL_TIMEOUT', type: timeout, default: null, doc: 'Seconds to wait on the SMTP server before giving up; null waits as long as the mail library does.' });
decl({ name: 'EMAIL_SUBJECT_PREFIX', type: t.str, default: '[Hyper] ', doc: 'Put before the subject of mailAdmins and mailManagers mails.' });
decl({ name: 'EMAIL_FILE_PATH', type: t.nullableStr, default: null, doc: "The folder the 'file' backend writes each mail into, one file per connection." });
decl({ name: 'DEFAULT_FROM_EMAIL', type: t.str, default: 'webmaster@localhost', doc: 'The sender of mail sent without one (password reset mails among them).' });
decl({ name: 'SERVER_EMAIL', type: t.str, default: 'root@localhost', doc: 'The sender of mail to ADMINS and MANAGERS.' });
decl({ name: 'ADMINS', type: recipients, default: [], doc: 'Who mailAdmins writes to (and sendtestemail --admins).' });
decl({ name: 'MANAGERS', type: recipients, default: [], doc: 'Who mailManagers writes to (and sendtestemail --managers).' });
