// hyper createsuperuser: a user with every permission. Asks on a terminal, or reads
// --username/--email and HYPER_SUPERUSER_* variables with --noinput (exit 3 naming
// what is missing). --if-not-exists makes scripted deploys idempotent.
import * as os from 'node:os';
import { BaseCommand, type CommandOptions, type CommandParser } from '../../../management/base-command';
import { CommandError, NeedsInputError } from '../../../management/errors';
import { sinkStream } from '../../../management/output';
import { ValidationError } from '../../../orm/errors';
import { getUserModel, type UserModel } from '../get-user-model';
import { canPrompt, terminalPrompter, type AuthPrompter } from '../prompter';
import { PasswordValidationError, validatePassword } from '../validators';

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const envName = (name: string) => `HYPER_SUPERUSER_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;

export default class Command extends BaseCommand {
  help = 'Creates a superuser: asks for the username, e-mail and password, or reads them from options and HYPER_SUPERUSER_* with --noinput.';
  requiresSystemChecks: string[] = [];

  addArguments(parser: CommandParser): void {
    const User = getUserModel();
    parser
      .option(`--${kebab(User.USERNAME_FIELD)} <value>`, `the ${User.USERNAME_FIELD} (also ${envName(User.USERNAME_FIELD)})`)
      .option('--noinput', `ask nothing: values come from options and ${envName('')}<FIELD> variables (the password from ${envName('password')})`)
      .option('--no-input', 'the same as --noinput')
      .option('--if-not-exists', 'exit 0 without changes when a user of that name exists')
      .option('--database <alias>', 'the database to create the user in', 'default');
    for (const field of User.REQUIRED_FIELDS) {
      if (field !== User.USERNAME_FIELD) parser.option(`--${kebab(field)} <value>`, `the ${field} (also ${envName(field)})`);
    }
  }

  async handle(options: CommandOptions): Promise<void> {
    const User = getUserModel();
    const database = String(options.database);
    const noinput = Boolean(options.noinput) || options.input === false;
    const fields = [User.USERNAME_FIELD, ...User.REQUIRED_FIELDS.filter((name) => name !== User.USERNAME_FIELD)];
    const given = (name: string): string | undefined => (options[name] as string | undefined) ?? process.env[envName(name)];

    const username = given(User.USERNAME_FIELD);
    // An existing user answers --if-not-exists before the other fields are asked for:
    // a scripted deploy gives only the username once the user is there.
    if (options.ifNotExists && username !== undefined && (await this.exists(User, username, database))) {
      return this.stdout.write(`A user '${username}' already exists: nothing to do.`);
    }

    if (noinput) {
      const missing = fields.filter((name) => !given(name));
      if (missing.length) {
        const how = missing.map((name) => `--${kebab(name)} or ${envName(name)}`).join(', ');
        throw new NeedsInputError(`createsuperuser --noinput needs ${missing.join(', ')}: give ${how}.`);
      }
    } else if (!canPrompt(this.stdin)) {
      throw new NeedsInputError(
        `createsuperuser asks its questions on a terminal, and stdin is not one: run it with --noinput and ${envName(User.USERNAME_FIELD)}, ${envName('password')} (and the other HYPER_SUPERUSER_* values).`,
      );
    }

    if (noinput && username !== undefined && (await this.exists(User, username, database))) {
      throw new CommandError(`That ${User.USERNAME_FIELD} is already taken: use --if-not-exists to accept an existing user.`);
    }

    const values: Record<string, unknown> = {};
    let password: string | null;
    if (noinput) {
      for (const name of fields) values[name] = this.clean(User, name, given(name)!);
      password = process.env[envName('password')] || null;
    } else {
      const prompter = terminalPrompter(this.stdin, sinkStream(this.stdout.sink));
      for (const name of fields) values[name] = await this.askField(prompter, User, name, given(name), database, Boolean(options.ifNotExists));
      if (values[User.USERNAME_FIELD] === undefined) return;
      password = await this.askPassword(prompter, User, values);
    }
    const manager = User.objects;
    await manager.createSuperuser({ ...values, password }, { using: database });
    if (password === null) this.stdout.write(`Superuser created with an unusable password (no ${envName('password')}): set one with \`hyper changepassword\`.`, this.style.warning);
    else if (options.verbosity >= 1) this.stdout.write('Superuser created successfully.', this.style.success);
  }

  private async exists(User: UserModel, username: string, database: string): Promise<boolean> {
    return User.objects.using(database).filter({ [User.USERNAME_FIELD]: username }).exists();
  }

  /** A value through its field's validation; the error names the field, never a password. */
  private clean(User: UserModel, name: string, raw: string): unknown {
    const field = User._meta.getField(name);
    try {
      return field.clean(name === User.USERNAME_FIELD ? User.normalizeUsername(raw.trim()) : raw.trim());
    } catch (error) {
      if (error instanceof ValidationError) throw new CommandError(`${name}: ${Object.values(error.errors).flat().join(' ')}`);
      throw error;
    }
  }

  private async askField(prompter: AuthPrompter, User: UserModel, name: string, given: string | undefined, database: string, ifNotExists: boolean): Promise<unknown> {
    const isUsername = name === User.USERNAME_FIELD;
    if (given !== undefined) return this.clean(User, name, given);
    const initial = isUsername ? await this.defaultUsername(User, database) : undefined;
    for (;;) {
      const label = String(User._meta.getField(name).options.verboseName ?? name);
      const answer = (await prompter.text(`${label.charAt(0).toUpperCase()}${label.slice(1)}${initial ? ` (leave blank to use '${initial}')` : ''}:`)) || initial || '';
      try {
        const value = this.clean(User, name, answer);
        if (isUsername && (await this.exists(User, String(value), database))) {
          if (ifNotExists) {
            this.stdout.write(`A user '${String(value)}' already exists: nothing to do.`);
            return undefined;
          }
          this.stderr.write(`Error: That ${name} is already taken.`, this.style.error);
          continue;
        }
        return value;
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        this.stderr.write(`Error: ${error.message}`, this.style.error);
      }
    }
  }

  /** The login name of whoever runs the command, when it is a valid and free username. */
  private async defaultUsername(User: UserModel, database: string): Promise<string | undefined> {
    let name: string;
    try {
      name = User.normalizeUsername(os.userInfo().username.toLowerCase());
      User._meta.getField(User.USERNAME_FIELD).clean(name);
    } catch {
      return undefined;
    }
    return (await this.exists(User, name, database)) ? undefined : name;
  }

  private async askPassword(prompter: AuthPrompter, User: UserModel, values: Record<string, unknown>): Promise<string> {
    for (;;) {
      const password = await prompter.password('Password:');
      const again = await prompter.password('Password (again):');
      if (password !== again) {
        this.stderr.write("Error: Your passwords didn't match.", this.style.error);
        continue;
      }
      if (password.trim() === '') {
        this.stderr.write("Error: Blank passwords aren't allowed.", this.style.error);
        continue;
      }
      try {
        await validatePassword(password, new User(values));
        return password;
      } catch (error) {
        if (!(error instanceof PasswordValidationError)) throw error;
        for (const message of error.messages) this.stderr.write(message, this.style.error);
        if (await prompter.confirm('Bypass password validation and create user anyway? [y/N]')) return password;
      }
    }
  }
}
