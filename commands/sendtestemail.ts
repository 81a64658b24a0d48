import * as os from 'node:os';
import { CommandError } from '../src/management/errors';
import { BaseCommand, type CommandOptions, type CommandParser } from '../src/management/base-command';
import { mailAdmins, mailManagers, sendMail } from '../src/mail';

interface SendTestEmailOptions {
  email?: string[];
  managers?: boolean;
  admins?: boolean;
}

export default class Command extends BaseCommand<SendTestEmailOptions> {
  help = 'Sends a test mail to the addresses given (and to MANAGERS or ADMINS), to check that mail is set up.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser
      .argument('[email...]', 'addresses to send the test mail to')
      .option('--managers', 'send it to MANAGERS too')
      .option('--admins', 'send it to ADMINS too');
  }

  async handle(options: CommandOptions<SendTestEmailOptions>): Promise<void> {
    const addresses = options.email ?? [];
    if (!addresses.length && !options.managers && !options.admins) {
      throw new CommandError('Nobody to send to: give one or more addresses, or --managers or --admins.', { code: 'HYPER_SENDTESTEMAIL_NO_RECIPIENTS' });
    }
    const subject = `Test email from ${os.hostname()} on ${new Date().toISOString()}`;
    const body = 'If you\'re reading this, it was successful.';
    if (addresses.length) await sendMail(subject, body, null, addresses);
    if (options.managers) await mailManagers(subject, 'This email was sent to the site managers.');
    if (options.admins) await mailAdmins(subject, 'This email was sent to the site admins.');
    this.stdout.write(`Sent a test mail to ${[...addresses, ...(options.managers ? ['MANAGERS'] : []), ...(options.admins ? ['ADMINS'] : [])].join(', ')}.`);
  }
}
