// hyper changepassword [username]: sets a user's password, asked twice on a terminal
// and checked by AUTH_PASSWORD_VALIDATORS; three tries. Defaults to the user named
// like the OS user running the command, as Django.
import * as os from 'node:os';
import { BaseCommand, type CommandOptions, type CommandParser } from '../../../management/base-command';
import { CommandError, NeedsInputError } from '../../../management/errors';
import { sinkStream } from '../../../management/output';
import { getUserModel } from '../get-user-model';
import { canPrompt, terminalPrompter } from '../prompter';
import { PasswordValidationError, validatePassword } from '../validators';

const MAX_TRIES = 3;

export default class Command extends BaseCommand {
  help = "Changes a user's password (asked twice, without echo).";
  requiresSystemChecks: string[] = [];

  addArguments(parser: CommandParser): void {
    parser.argument('[username]', 'the user (default: the name of the OS user)').option('--database <alias>', 'the database of the user', 'default');
  }

  async handle(options: CommandOptions): Promise<void> {
    const User = getUserModel();
    const username = (options.username as string | undefined) ?? os.userInfo().username;
    const user = await User.objects.using(String(options.database)).filter({ [User.USERNAME_FIELD]: username }).first();
    if (!user) throw new CommandError(`user '${username}' does not exist`);
    if (!canPrompt(this.stdin)) throw new NeedsInputError('changepassword asks for the password on a terminal, and stdin is not one.');
    this.stdout.write(`Changing password for user '${username}'`);
    const prompter = terminalPrompter(this.stdin, sinkStream(this.stdout.sink));
    for (let tries = 1; tries <= MAX_TRIES; tries += 1) {
      const password = await prompter.password('Password:');
      const again = await prompter.password('Password (again):');
      if (password !== again) {
        this.stderr.write('Passwords do not match. Please try again.', this.style.error);
        continue;
      }
      try {
        await validatePassword(password, user);
      } catch (error) {
        if (!(error instanceof PasswordValidationError)) throw error;
        for (const message of error.messages) this.stderr.write(message, this.style.error);
        continue;
      }
      await user.setPassword(password);
      await user.save({ using: String(options.database) });
      this.stdout.write(`Password changed successfully for user '${username}'`, this.style.success);
      return;
    }
    throw new CommandError(`Aborting password change for user '${username}' after ${MAX_TRIES} attempts`);
  }
}
