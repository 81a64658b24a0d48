// `hyper findstatic css/site.css`: where the finders find a static path; the first
// match is the file that is served and collected, the others are shadowed by it.
import { BaseCommand, type CommandOptions, type CommandParser } from '../../../management/base-command';
import { CommandError } from '../../../management/errors';
import { findStaticAll, safeSegments, staticRoots } from '../../../static/finders';

export default class Command extends BaseCommand {
  help = 'Shows where a static path is found: every match, the first one wins.';
  requiresSystemChecks = false;

  addArguments(parser: CommandParser): void {
    parser.argument('<path...>', 'static paths relative to STATIC_URL, e.g. css/site.css').option('--first', 'show only the file that wins');
  }

  async handle(options: CommandOptions): Promise<void> {
    const verbosity: number = options.verbosity ?? 1;
    const paths: string[] = options.path;
    let missing = 0;
    for (const relPath of paths) {
      if (!safeSegments(relPath)) throw new CommandError(`'${relPath}' is not a static path: use a relative path without '..', backslashes or a leading '/'.`, { exitCode: 2 });
      const found = findStaticAll(relPath);
      if (found.length === 0) {
        missing++;
        this.stderr.write(`No matching file found for '${relPath}'.`);
        continue;
      }
      const shown = options.first ? found.slice(0, 1) : found;
      if (verbosity === 0) {
        this.stdout.write(shown.join('\n'));
        continue;
      }
      this.stdout.write(`Found '${relPath}' here:\n${shown.map((file, i) => `  ${file}${i === 0 && shown.length > 1 ? '  (wins)' : ''}`).join('\n')}`);
    }
    if (verbosity >= 2) this.stdout.write(`Looking in the following locations:\n${staticRoots().map((root) => `  ${root.dir}  (${root.source})`).join('\n')}`);
    if (missing) throw new CommandError(`${missing} of ${paths.length} path${paths.length === 1 ? '' : 's'} not found.`);
  }
}
