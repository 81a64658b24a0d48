// EmailMessage and EmailMultiAlternatives, as Django's: the fields of a mail, checked
// for header injection, and turned into the mail library's options (nodemailer builds
// the MIME: encodings, multipart/alternative and multipart/related for inline images).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { settings } from '../conf/settings';
import { getConnection } from './connection';
import { checkAddresses, forbidLineBreaks } from './headers';
import type { BaseEmailBackend } from './backends/base';

/** A file sent with a mail; give `cid` to show it inline in the HTML (`<img src="cid:logo">`). */
export interface Attachment {
  filename?: string;
  content: string | Buffer;
  mimetype?: string;
  cid?: string;
}

/** Another rendering of the body, e.g. the HTML of a plain text mail. */
export interface Alternative {
  content: string;
  mimetype: string;
}

export interface EmailMessageOptions {
  subject?: string;
  body?: string;
  /** Defaults to DEFAULT_FROM_EMAIL. */
  fromEmail?: string | null;
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  replyTo?: readonly string[];
  /** More headers; From, To, Cc and Reply-To here change what the mail shows, not where it goes. */
  headers?: Record<string, string>;
  attachments?: Attachment[];
  /** The backend to send through; getConnection() when absent. */
  connection?: BaseEmailBackend | null;
}

/** The options the mail library builds a message from (nodemailer's, the part used here). */
export interface ComposedMail {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  alternatives: Array<{ content: string; contentType: string }>;
  attachments: Array<{ filename?: string; content: string | Buffer; contentType?: string; cid?: string; contentDisposition: 'inline' | 'attachment' }>;
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
}

const DISPLAY_HEADERS: Record<string, 'from' | 'to' | 'cc' | 'replyTo'> = { from: 'from', to: 'to', cc: 'cc', 'reply-to': 'replyTo' };

export class EmailMessage {
  /** 'html' sends the body as text/html. */
  contentSubtype = 'plain';
  subject: string;
  body: string;
  fromEmail: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  extraHeaders: Record<string, string>;
  attachments: Attachment[];
  connection: BaseEmailBackend | null;

  constructor(options: EmailMessageOptions = {}) {
    this.subject = options.subject ?? '';
    this.body = options.body ?? '';
    this.fromEmail = options.fromEmail || String(settings.DEFAULT_FROM_EMAIL);
    this.to = checkAddresses('to', options.to);
    this.cc = checkAddresses('cc', options.cc);
    this.bcc = checkAddresses('bcc', options.bcc);
    this.replyTo = checkAddresses('replyTo', options.replyTo);
    this.extraHeaders = { ...(options.headers ?? {}) };
    this.attachments = [...(options.attachments ?? [])];
    this.connection = options.connection ?? null;
  }

  /** Every address the mail goes to: to, cc and bcc. */
  recipients(): string[] {
    return [...this.to, ...this.cc, ...this.bcc].filter(Boolean);
  }

  /** Attaches content under a file name (or an Attachment, for an inline image with its cid). */
  attach(filename: string | Attachment, content?: string | Buffer, mimetype?: string): this {
    const attachment = typeof filename === 'string' ? { filename, content: content ?? '', mimetype } : filename;
    this.attachments.push(attachment);
    return this;
  }

  /** Attaches a file from disk under its base name. */
  attachFile(filePath: string, mimetype?: string): this {
    return this.attach(nodePath.basename(filePath), fs.readFileSync(filePath), mimetype);
  }

  /** Sends the mail; the number sent (0 or 1). A refused header throws even with failSilently. */
  async send(failSilently = false): Promise<number> {
    if (!this.recipients().length) return 0;
    const connection = this.connection ?? getConnection(null, { failSilently });
    return connection.sendMessages([this]);
  }

  /** The mail as the library will build it, every header value checked for line breaks first. */
  compose(): ComposedMail {
    const composed: ComposedMail = {
      from: forbidLineBreaks('fromEmail', this.fromEmail),
      to: checkAddresses('to', this.to),
      cc: checkAddresses('cc', this.cc),
      bcc: checkAddresses('bcc', this.bcc),
      replyTo: checkAddresses('replyTo', this.replyTo),
      subject: forbidLineBreaks('subject', this.subject),
      alternatives: [],
      attachments: this.attachments.map((a, i) => ({
        filename: a.filename === undefined ? undefined : forbidLineBreaks(`attachments[${i}].filename`, a.filename),
        content: a.content,
        contentType: a.mimetype === undefined ? undefined : forbidLineBreaks(`attachments[${i}].mimetype`, a.mimetype),
        cid: a.cid === undefined ? undefined : forbidLineBreaks(`attachments[${i}].cid`, a.cid),
        contentDisposition: a.cid ? 'inline' : 'attachment',
      })),
      headers: {},
      envelope: { from: this.fromEmail, to: this.recipients() },
    };
    if (this.contentSubtype === 'html') composed.html = this.body;
    else composed.text = this.body;
    for (const [name, value] of Object.entries(this.extraHeaders)) {
      forbidLineBreaks(`the header name ${JSON.stringify(name)}`, name);
      forbidLineBreaks(`headers[${JSON.stringify(name)}]`, String(value));
      const display = DISPLAY_HEADERS[name.toLowerCase()];
      if (display === 'from') composed.from = String(value);
      else if (display) composed[display] = String(value).split(',').map((s) => s.trim());
      else composed.headers[name] = String(value);
    }
    return composed;
  }

  /** The raw RFC 5322 message (what the console and file backends print); Bcc is not in it. */
  async message(): Promise<Buffer> {
    const MailComposer = require('nodemailer/lib/mail-composer') as typeof import('nodemailer/lib/mail-composer');
    // The envelope is for the SMTP conversation, not a header.
    const options: Partial<ComposedMail> = this.compose();
    delete options.envelope;
    return new MailComposer(options).compile().build();
  }
}

export class EmailMultiAlternatives extends EmailMessage {
  alternatives: Alternative[];

  constructor(options: EmailMessageOptions & { alternatives?: Alternative[] } = {}) {
    super(options);
    this.alternatives = [...(options.alternatives ?? [])];
  }

  /** Adds another rendering of the body: attachAlternative(html, 'text/html'). */
  attachAlternative(content: string, mimetype: string): this {
    this.alternatives.push({ content, mimetype });
    return this;
  }

  override compose(): ComposedMail {
    const composed = super.compose();
    for (const [i, alternative] of this.alternatives.entries()) {
      const mimetype = forbidLineBreaks(`alternatives[${i}].mimetype`, alternative.mimetype);
      if (mimetype === 'text/html' && composed.html === undefined) composed.html = alternative.content;
      else composed.alternatives.push({ content: alternative.content, contentType: mimetype });
    }
    return composed;
  }
}
