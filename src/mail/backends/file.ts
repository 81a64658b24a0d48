// The file backend: the mails of one connection written to one new file in
// EMAIL_FILE_PATH (or the filePath option), named by time, as Django's.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { ImproperlyConfigured } from '../../core/errors';
import { settings } from '../../conf/settings';
import type { EmailMessage } from '../message';
import { BaseEmailBackend, type BackendOptions } from './base';

export interface FileBackendOptions extends BackendOptions {
  filePath?: string;
}

export class FileEmailBackend extends BaseEmailBackend {
  readonly filePath: string;
  private fileName: string | null = null;

  constructor(options: FileBackendOptions = {}) {
    super(options);
    const folder = options.filePath ?? (settings.EMAIL_FILE_PATH);
    if (!folder) throw new ImproperlyConfigured("The 'file' mail backend needs a folder: set EMAIL_FILE_PATH (or pass filePath to getConnection).", { code: 'HYPER_MAIL_NO_FILE_PATH' });
    this.filePath = nodePath.resolve(String(settings.BASE_DIR || process.cwd()), folder);
    if (fs.existsSync(this.filePath) && !fs.statSync(this.filePath).isDirectory()) {
      throw new ImproperlyConfigured(`EMAIL_FILE_PATH is ${this.filePath}, which is a file; point it at a folder.`, { code: 'HYPER_MAIL_NO_FILE_PATH' });
    }
  }

  /** The file this connection writes to (named on first use). */
  get currentFile(): string {
    if (!this.fileName) {
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      this.fileName = nodePath.join(this.filePath, `${stamp}-${crypto.randomBytes(6).toString('hex')}.log`);
    }
    return this.fileName;
  }

  override async open(): Promise<boolean> {
    await fs.promises.mkdir(this.filePath, { recursive: true });
    return false;
  }

  override async close(): Promise<void> {
    // The next open() writes a new file, as Django's.
    this.fileName = null;
    return Promise.resolve();
  }

  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    if (!messages.length) return 0;
    await this.open();
    let sent = 0;
    for (const message of messages) {
      await fs.promises.appendFile(this.currentFile, `${(await message.message()).toString('utf8')}\n${'-'.repeat(79)}\n`);
      sent += 1;
    }
    return sent;
  }
}
