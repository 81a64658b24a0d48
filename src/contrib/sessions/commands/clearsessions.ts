// `hyper clearsessions`: deletes expired sessions of the session backend (rows of
// the database backend; the signed-cookie backend stores nothing to clear). Run it
// from cron: expired rows are never read, but they are kept until this runs.
import { BaseCommand, type CommandOptions } from '../../../management/base-command';
import { getSessionStore } from '../engine';

export default class Command extends BaseCommand {
  help = 'Deletes expired sessions (database backend). Run it regularly, e.g. daily from cron.';
  requiresSystemChecks = false;

  async handle(options: CommandOptions): Promise<void> {
    const removed = await getSessionStore().clearExpired();
    if ((options.verbosity ?? 1) >= 1) this.stdout.write(`Deleted ${removed} expired session${removed === 1 ? '' : 's'}.`);
  }
}
