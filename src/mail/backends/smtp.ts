// The SMTP backend, through nodemailer: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER and
// EMAIL_HOST_PASSWORD (AUTH when a user is set), EMAIL_USE_TLS (STARTTLS, required)
// or EMAIL_USE_SSL (TLS from the start), EMAIL_TIMEOUT. The messages of one
// sendMessages() (or of an open()...close()) share one connection.
import type * as tls from 'node:tls';
import type { Transporter } from 'nodemailer';
import { ImproperlyConfigured } from '../../core/errors';
import { settings } from '../../conf/settings';
import { MailSendError } from '../errors';
import type { EmailMessage } from '../message';
import { BaseEmailBackend, type BackendOptions } from './base';

export interface SmtpBackendOptions extends BackendOptions {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  useTls?: boolean;
  useSsl?: boolean;
  /** Seconds. */
  timeout?: number | null;
  /** Node's TLS options for the connection, e.g. `{ ca }` to trust a private certificate authority. */
  tls?: tls.ConnectionOptions;
}

export class SmtpEmailBackend extends BaseEmailBackend {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly useTls: boolean;
  readonly useSsl: boolean;
  readonly timeout: number | null;
  readonly tls: tls.ConnectionOptions | undefined;
  private transport: Transporter | null = null;

  constructor(options: SmtpBackendOptions = {}) {
    super(options);
    this.host = options.host ?? String(settings.EMAIL_HOST);
    this.port = options.port ?? Number(settings.EMAIL_PORT);
    this.username = options.username ?? String(settings.EMAIL_HOST_USER);
    this.password = options.password ?? String(settings.EMAIL_HOST_PASSWORD);
    this.useTls = options.useTls ?? Boolean(settings.EMAIL_USE_TLS);
    this.useSsl = options.useSsl ?? Boolean(settings.EMAIL_USE_SSL);
    this.timeout = options.timeout === undefined ? (settings.EMAIL_TIMEOUT) : options.timeout;
    this.tls = options.tls;
    if (this.useTls && this.useSsl) {
      throw new ImproperlyConfigured('EMAIL_USE_TLS and EMAIL_USE_SSL are both on; they are exclusive: keep EMAIL_USE_TLS for STARTTLS (port 587) or EMAIL_USE_SSL for TLS from the start (port 465).', { code: 'HYPER_MAIL_TLS_AND_SSL' });
    }
  }

  override async open(): Promise<boolean> {
    if (this.transport) return false;
    const nodemailer = require('nodemailer') as typeof import('nodemailer');
    const ms = this.timeout === null ? undefined : this.timeout * 1000;
    this.transport = nodemailer.createTransport({
      host: this.host,
      port: this.port,
      secure: this.useSsl,
      // As Django: STARTTLS only when asked, and then required.
      requireTLS: this.useTls,
      ignoreTLS: !this.useTls && !this.useSsl,
      auth: this.username ? { user: this.username, pass: this.password } : undefined,
      // One pooled connection: every message sent before close() goes over it.
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
      tls: this.tls,
    });
    return Promise.resolve(true);
  }

  override async close(): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    transport?.close();
    return Promise.resolve();
  }

  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    if (!messages.length) return 0;
    // Built (and checked) before connecting: a refused header throws even with failSilently.
    const composed = messages.filter((m) => m.recipients().length).map((m) => m.compose());
    const opened = await this.open();
    let sent = 0;
    try {
      for (const mail of composed) {
        try {
          await this.transport!.sendMail(mail);
          sent += 1;
        } catch (error) {
          if (!this.failSilently) throw new MailSendError(`Sending mail through ${this.host}:${this.port} failed: ${(error as Error).message}`, { cause: error });
        }
      }
    } finally {
      if (opened) await this.close();
    }
    return sent;
  }
}
